package fr.sante.dmp.gateway.operator;

import fr.sante.dmp.store.invitation.CampaignDay;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A campaign's persons sent, delivered, opposed and activated per day as an inline SVG, drawn on the server: no script,
 * and nothing the CSP forbids (presentation attributes, no {@code style}). Each series has its own colour <em>and</em>
 * dash pattern (readable without colours); the picture is {@code role="img"} with a title and a description, and the
 * page gives the same figures as a table. Only numbers, dates and our own texts go into it.
 */
final class CampaignChart {
    /** The most recent days shown (a campaign's life: the window, the reminders, the deadline). */
    static final int MAX_DAYS = 90;
    // The operators' phone width in CSS pixels: on a phone the text is drawn at its size; wider screens scale it up.
    private static final int WIDTH = 360;
    private static final int HEIGHT = 250;
    private static final int LEFT = 40;
    private static final int RIGHT = 10;
    private static final int TOP = 12;
    private static final int BOTTOM = 78;
    /** Each day's values are also marked by a dot while the days are few enough to tell apart. */
    private static final int DOTS_UP_TO = 45;

    /** Colour (contrast ≥ 3:1 on white, WCAG 1.4.11) and dash pattern per series. */
    private record Series(String key, String colour, String dash, ToLongFunction<CampaignDay> value) {
    }

    private static final List<Series> SERIES = List.of(
            new Series("sent", "#000091", "", CampaignDay::sent),
            new Series("delivered", "#18753c", "8 4", CampaignDay::delivered),
            new Series("opposed", "#ce0500", "2 3", CampaignDay::opposed),
            new Series("activated", "#6e445a", "10 3 2 3", CampaignDay::activated));

    private CampaignChart() {
    }

    /** Every day from the first to the last (days without events count 0), at most the last {@link #MAX_DAYS}. */
    static List<CampaignDay> continuous(List<CampaignDay> days) {
        if (days.isEmpty()) {
            return List.of();
        }
        Map<LocalDate, CampaignDay> byDay = new HashMap<>();
        days.forEach(d -> byDay.put(d.day(), d));
        LocalDate last = days.get(days.size() - 1).day();
        LocalDate first = days.get(0).day();
        if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            first = last.minusDays(MAX_DAYS - 1);
        }
        List<CampaignDay> out = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            out.add(byDay.getOrDefault(d, new CampaignDay(d, 0, 0, 0, 0)));
        }
        return out;
    }

    static String svg(OperatorPage page, List<CampaignDay> days) {
        long max = 1;
        for (CampaignDay d : days) {
            for (Series s : SERIES) {
                max = Math.max(max, s.value().applyAsLong(d));
            }
        }
        long step = niceStep(max);
        long top = ((max + step - 1) / step) * step;
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double dx = days.size() > 1 ? plotW / (days.size() - 1) : 0;
        DateTimeFormatter label = DateTimeFormatter.ofPattern("fr".equals(page.lang()) ? "dd/MM" : "d MMM",
                Locale.forLanguageTag(page.lang()));
        StringBuilder b = new StringBuilder(4096);
        b.append("<svg id=\"chart\" class=\"chart\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" ")
                .append("viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" font-family=\"sans-serif\" ")
                .append("font-size=\"12\">");
        b.append("<title id=\"chart-title\">").append(esc(page.t("chart.title"))).append("</title>");
        b.append("<desc id=\"chart-desc\">").append(esc(page.t("chart.desc"))).append("</desc>");
        // Grid and y-axis labels.
        for (long v = 0; v <= top; v += step) {
            double y = TOP + plotH - plotH * v / top;
            b.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                    .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#929292\" stroke-width=\"")
                    .append(v == 0 ? "1" : "0.5").append("\"/>");
            b.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\" fill=\"#3a3a3a\">").append(page.count(v)).append("</text>");
        }
        // x-axis labels: about eight, always the first and the last day.
        int every = Math.max(1, (int) Math.ceil(days.size() / 8.0));
        for (int i = 0; i < days.size(); i++) {
            if (i % every == 0 || i == days.size() - 1) {
                double x = xAt(i, days.size(), dx, plotW);
                b.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(HEIGHT - BOTTOM + 16)
                        .append("\" text-anchor=\"middle\" fill=\"#3a3a3a\">")
                        .append(esc(days.get(i).day().format(label))).append("</text>");
            }
        }
        for (Series s : SERIES) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < days.size(); i++) {
                double x = xAt(i, days.size(), dx, plotW);
                double y = TOP + plotH - plotH * s.value().applyAsLong(days.get(i)) / top;
                points.append(fmt(x)).append(',').append(fmt(y)).append(' ');
            }
            b.append("<polyline data-series=\"").append(s.key()).append("\" fill=\"none\" stroke=\"")
                    .append(s.colour()).append("\" stroke-width=\"2\"");
            if (!s.dash().isEmpty()) {
                b.append(" stroke-dasharray=\"").append(s.dash()).append('"');
            }
            b.append(" points=\"").append(points.toString().trim()).append("\"/>");
            if (days.size() <= DOTS_UP_TO) {
                for (int i = 0; i < days.size(); i++) {
                    double x = xAt(i, days.size(), dx, plotW);
                    double y = TOP + plotH - plotH * s.value().applyAsLong(days.get(i)) / top;
                    b.append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y))
                            .append("\" r=\"3\" fill=\"").append(s.colour()).append("\"/>");
                }
            }
        }
        // Legend below the axis, two series per row.
        for (int i = 0; i < SERIES.size(); i++) {
            Series s = SERIES.get(i);
            double lx = LEFT + (i % 2) * (plotW / 2);
            double ly = HEIGHT - BOTTOM + 40 + (i / 2) * 18;
            b.append("<line x1=\"").append(fmt(lx)).append("\" x2=\"").append(fmt(lx + 26)).append("\" y1=\"")
                    .append(fmt(ly - 4)).append("\" y2=\"").append(fmt(ly - 4)).append("\" stroke=\"")
                    .append(s.colour()).append("\" stroke-width=\"2\"");
            if (!s.dash().isEmpty()) {
                b.append(" stroke-dasharray=\"").append(s.dash()).append('"');
            }
            b.append("/>");
            b.append("<text x=\"").append(fmt(lx + 32)).append("\" y=\"").append(fmt(ly))
                    .append("\" fill=\"#161616\">").append(esc(page.t("chart." + s.key()))).append("</text>");
        }
        return b.append("</svg>").toString();
    }

    /** A single day stands in the middle, not on the axis. */
    private static double xAt(int i, int days, double dx, double plotW) {
        return days == 1 ? LEFT + plotW / 2 : LEFT + dx * i;
    }

    /** 1, 2 or 5 times a power of ten, for four or five grid lines. */
    static long niceStep(long max) {
        long raw = Math.max(1, (long) Math.ceil(max / 4.0));
        long pow = 1;
        while (pow * 10 <= raw) {
            pow *= 10;
        }
        for (long m : new long[] {1, 2, 5, 10}) {
            if (m * pow >= raw) {
                return m * pow;
            }
        }
        return 10 * pow;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
