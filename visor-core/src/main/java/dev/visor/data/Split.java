package dev.visor.data;

/** Which part of a dataset with a fixed split: training or test. */
public enum Split {
    /** The training split. */
    TRAIN,
    /** The held-out test split. */
    TEST
}
