package dev.visor.demo;

import dev.visor.report.Report;

/** One part of the demo report; each method of Visor adds its own. */
public interface DemoSection {
    /**
     * Computes the section, writing any images under {@code ctx.out()}.
     *
     * @return the section, or null when it does not apply (e.g. no labelled data)
     */
    Report.Section run(DemoContext ctx);
}
