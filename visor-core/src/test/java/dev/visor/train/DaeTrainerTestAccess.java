package dev.visor.train;

/** Opens {@link DaeTrainerTest}'s baseline to tests of other packages. */
public final class DaeTrainerTestAccess {
    private DaeTrainerTestAccess() {}

    /** MSE of predicting held-out codes by the per-unit mean of the training codes. */
    public static double unitMeanMse(CodeSet trainCodes, CodeSet testCodes) {
        return DaeTrainerTest.unitMeanMse(trainCodes, testCodes);
    }
}
