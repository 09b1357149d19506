package org.kernellab.api.leak.dto;

/** One object a bundle still held when it released a kernel service. */
public class LeakDTO {
    /** What it is: {@code irq}, {@code tasklet}, {@code work}, {@code delayed_work}, {@code workqueue}, {@code timer}, {@code hrtimer}, {@code pages}. */
    public String kind;
    /**
     * The object, as the report names it: {@code irq 10 (leaks)},
     * {@code leaks_tasklet (org.example.Driver$$Lambda)}, {@code leaks_wq}, {@code 3 blocks of order 1 (6 pages)}.
     */
    public String object;
    /** Its state at the release: {@code requested}, {@code scheduled}, {@code pending on events}, ... */
    public String state;
    /** What the kernel did for the bundle, e.g. {@code synchronize_irq(10) + free_irq(10)}. */
    public String released;
    /** What the bundle should have done, e.g. {@code call free_irq() in your deactivate}. */
    public String fix;

    public LeakDTO() {
    }

    public LeakDTO(String kind, String object, String state, String released, String fix) {
        this.kind = kind;
        this.object = object;
        this.state = state;
        this.released = released;
        this.fix = fix;
    }
}
