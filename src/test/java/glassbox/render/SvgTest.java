package glassbox.render;

import glassbox.core.Backend;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class SvgTest {
    @Test
    void everyLabsSvgParsesAsXmlAndKeepsItsTextLabels() throws Exception {
        for (Lab<?> lab : Labs.all()) {
            Computed c = Computed.compute(lab, lab.defaults(), Backend.PLAIN);
            String svg = Svg.board(c.figures(), 1000, 700, Style.DEFAULT, null);
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
            assertEquals("svg", d.getDocumentElement().getLocalName());
            String text = d.getDocumentElement().getTextContent();
            // Figure titles are real text in the SVG (searchable, editable), not pixels.
            int found = 0, figures = 0;
            for (Figure fig : c.figures()) {
                if (fig instanceof FormulaFigure) continue;
                figures++;
                String title = fig.title();
                if (text.contains(title.length() > 12 ? title.substring(0, 12) : title)) found++;
            }
            assertTrue(found * 2 >= figures, lab.id() + ": " + found + " of " + figures + " titles in the SVG text");
            assertTrue(d.getElementsByTagNameNS("*", "text").getLength() > 10, lab.id() + " has text elements");
        }
    }
}
