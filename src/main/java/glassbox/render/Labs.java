package glassbox.render;

import glassbox.core.ParamException;

import java.util.List;
import java.util.stream.Collectors;

/** Every lab, in the order the window lists them. Adding a lab is adding its packages and one line here. */
public final class Labs {
    private static final List<Lab<?>> ALL = List.of(
            new glassbox.render.conv.ConvLab(),
            new glassbox.render.ssm.SsmLab(),
            new glassbox.render.purifier.PurifierLab(),
            new glassbox.render.attention.AttentionLab(),
            new glassbox.render.ridge.RidgeAttentionLab(),
            new glassbox.render.rnn.RnnLab(),
            new glassbox.render.cnnshapes.CnnShapesLab(),
            new glassbox.render.decoding.DecodingLab(),
            new glassbox.render.training.TrainingLab()
    );

    private Labs() {}

    public static List<Lab<?>> all() {
        return ALL;
    }

    public static Lab<?> get(String id) {
        for (Lab<?> l : ALL) if (l.id().equals(id)) return l;
        throw new ParamException("lab", id, "unknown lab; allowed: " + ALL.stream().map(Lab::id).collect(Collectors.joining(", ")));
    }
}
