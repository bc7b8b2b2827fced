package dev.visor.generative;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pause rule on planted loss values: r = L_D / L_G,adv; D pauses below 0.1, G's GAN term above 10. */
class GanBalanceTest {
    @Test
    void bothTrainWhileNeitherSideWinsBy10x() {
        assertThat(GanBalance.decide(0.7, 0.7)).isEqualTo(new GanBalance(true, true));
        assertThat(GanBalance.decide(0.11, 1.0)).isEqualTo(new GanBalance(true, true));
        assertThat(GanBalance.decide(9.9, 1.0)).isEqualTo(new GanBalance(true, true));
    }

    @Test
    void aWinningDiscriminatorPauses() {
        // D's loss 0.05 against G's 2.0: ratio 0.025.
        assertThat(GanBalance.decide(0.05, 2.0)).isEqualTo(new GanBalance(false, true));
        assertThat(GanBalance.decide(0.09, 1.0).updateDiscriminator()).isFalse();
    }

    @Test
    void aWinningGeneratorLosesItsAdversarialTerm() {
        // D's loss 3.0 against G's 0.2: ratio 15.
        assertThat(GanBalance.decide(3.0, 0.2)).isEqualTo(new GanBalance(true, false));
        assertThat(GanBalance.decide(1.0, 0.0)).isEqualTo(new GanBalance(true, false));
    }

    @Test
    void theFirstStepTrainsBoth() {
        assertThat(GanBalance.decide(Double.NaN, Double.NaN)).isEqualTo(new GanBalance(true, true));
    }
}
