package glassbox.core.training;

/**
 * Hand-derived gradients against central finite differences (f(θ + h e_i) − f(θ − h e_i)) / 2h with
 * h = 10⁻⁵ · max(1, |θ_i|) (docs/LABS.md §9). The difference of coordinate i is |g_i − fd_i| / max(|g_i|, |fd_i|, 10⁻⁶).
 */
public final class GradCheck {
    private GradCheck() {}

    /** Coordinates checked at most (evenly spaced over θ): the check runs on every reset and must stay short. */
    public static final int MAX_COORDS = 256;

    public record Result(double maxRelative, int worst, int checked, double[] analytic, double[] numeric) {}

    public static Result check(Net net, double[] theta, Tasks.Example[] batch) {
        int n = theta.length;
        double[] g = new double[n];
        net.loss(theta, batch, g);
        int checked = Math.min(n, MAX_COORDS);
        double[] an = new double[checked], fd = new double[checked];
        double[] th = theta.clone();
        double worst = 0;
        int worstAt = -1;
        for (int c = 0; c < checked; c++) {
            int i = (int) ((long) c * n / checked);
            double h = 1e-5 * Math.max(1, Math.abs(theta[i]));
            th[i] = theta[i] + h;
            double up = net.loss(th, batch, null);
            th[i] = theta[i] - h;
            double down = net.loss(th, batch, null);
            th[i] = theta[i];
            an[c] = g[i];
            fd[c] = (up - down) / (2 * h);
            double rel = Math.abs(an[c] - fd[c]) / Math.max(Math.max(Math.abs(an[c]), Math.abs(fd[c])), 1e-6);
            if (!(rel <= worst)) {
                worst = rel;
                worstAt = i;
            }
        }
        return new Result(worst, worstAt, checked, an, fd);
    }
}
