package dev.visor.ppgn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.visor.VisorException;
import dev.visor.data.FashionMnist;
import org.junit.jupiter.api.Test;

class CaptionTemplatesTest {
    private final CaptionTemplates t = new CaptionTemplates(FashionMnist.CLASS_NAMES);

    @Test
    void captionsNameTheClassAndTheAttributesTheTemplatePicks() {
        assertThat(t.caption(9, true, false, 0)).isEqualTo("a ankle boot");
        assertThat(t.caption(0, true, false, 1)).isEqualTo("a dark t-shirt");
        assertThat(t.caption(4, false, true, 2)).isEqualTo("a small coat");
        assertThat(t.caption(8, false, false, 3)).isEqualTo("a bright large bag");
        assertThat(t.classOf("a dark t-shirt")).isZero();
        assertThat(t.classOf("a dark shirt")).isEqualTo(6);
        assertThat(t.classOf("a small ankle boot")).isEqualTo(9);
        assertThat(t.classOf("a dark")).isEqualTo(-1);
        assertThat(t.maxLength()).isEqualTo(6); // a dark small ankle boot <end>
    }

    @Test
    void tokensEndWithEndAndUnknownWordsAreRefusedWithTheVocabulary() {
        int[] ids = t.tokens("A dark  Ankle boot");
        assertThat(ids).hasSize(5);
        assertThat(t.vocabulary().get(ids[0])).isEqualTo("a");
        assertThat(t.vocabulary().get(ids[3])).isEqualTo("boot");
        assertThat(t.vocabulary().get(ids[4])).isEqualTo(CaptionTemplates.END);
        assertThatThrownBy(() -> t.tokens("a shiny coat")).isInstanceOf(VisorException.class)
                .hasMessageContaining("unknown caption word 'shiny'").hasMessageContaining("dark, bright, small, large")
                .hasMessageContaining("ankle").hasMessageNotContaining("<start>");
        assertThatThrownBy(() -> t.tokens("a <end>")).isInstanceOf(VisorException.class);
        assertThatThrownBy(() -> t.tokens("  ")).isInstanceOf(VisorException.class).hasMessageContaining("empty");
    }

    @Test
    void brightnessIsTheForegroundMeanAndSizeItsShare() {
        float[] img = new float[100];
        for (int i = 0; i < 20; i++) {
            img[i] = i < 10 ? 0.4f : 0.8f;
        }
        img[50] = 0.05f; // background: below the threshold
        assertThat(CaptionTemplates.brightness(img)).isCloseTo(0.6f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(CaptionTemplates.size(img)).isEqualTo(0.2f);
        assertThat(CaptionTemplates.brightness(new float[9])).isZero();
    }
}
