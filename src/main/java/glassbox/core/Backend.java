package glassbox.core;

/** Where a lab's heavy arithmetic runs. Plain Java is also the reference the tests compare with. */
public enum Backend {
    ND4J_CPU("ND4J CPU"),
    ND4J_CUDA("ND4J CUDA"),
    PLAIN("Plain Java");

    private final String label;

    Backend(String label) { this.label = label; }

    public String label() { return label; }

    public boolean nd4j() { return this != PLAIN; }

    public static Backend parse(String s) {
        for (Backend b : values()) {
            if (b.name().equalsIgnoreCase(s) || b.label.equalsIgnoreCase(s)) return b;
        }
        String t = s.toLowerCase(java.util.Locale.ROOT);
        if (t.equals("cpu") || t.equals("nd4j")) return ND4J_CPU;
        if (t.equals("cuda") || t.equals("gpu")) return ND4J_CUDA;
        if (t.equals("java") || t.equals("plain")) return PLAIN;
        throw new ParamException("backend", s, "expected one of cpu, cuda, java");
    }
}
