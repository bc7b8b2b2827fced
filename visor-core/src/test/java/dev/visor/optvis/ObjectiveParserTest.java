package dev.visor.optvis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.visor.VisorException;
import dev.visor.model.Model;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.ObjectiveParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ObjectiveParserTest {
    static Model model;
    static ModelShapes shapes;

    @BeforeAll
    static void setUp() {
        model = TinyNets.conv(3, 8, 1);
        shapes = new ModelShapes(model);
    }

    @AfterAll
    static void tearDown() {
        model.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "relu2:3                              | relu2:3",
        "relu2:3@1,2                          | relu2:3@1,2",
        "  relu2 : 3 @ 1 , 2                  | relu2:3@1,2",
        "neuron(relu2, 3)                     | relu2:3@center",
        "channel(relu1,2) - 0.05*tv           | relu1:2 - 0.05*tv",
        "logit(3) + 2*logprob(one)            | logit(3) + 2*logprob(1)",
        "-(relu2:1 + relu2:2)*0.5             | -0.5*(relu2:1 + relu2:2)",
        "relu2:0 - 100*diversity(relu2) - l1  | relu2:0 - 100*diversity(relu2) - l1",
        "'relu2':5 - 2*-blur                  | relu2:5 + 2*blur",
        "1e-1*relu1:0                         | 0.1*relu1:0",
    })
    void parsesAndDescribesCanonically(String text, String canonical) {
        String d = ObjectiveParser.parse(text, shapes).describe();
        assertThat(d).isEqualTo(canonical);
        assertThat(ObjectiveParser.parse(d, shapes).describe()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "relu2:       | 7  | expected a channel number after ':', but the text ends",
        "relu2:x      | 7  | expected a channel number after ':', found 'x'",
        "relu2:3@1    | 10 | expected ','",
        "relu2:3 +    | 10 | but the text ends",
        "relu2:3 $    | 9  | unexpected '$'",
        "2*3          | 1  | the expression is a number, not an objective",
        "relu2:1*relu2:2 | 8 | cannot multiply two objectives",
        "frob(3)      | 1  | unknown function 'frob'",
        "relu2        | 6  | expected ':' and a channel number after layer 'relu2'",
        "(relu2:1     | 9  | expected ')' to close '('",
        "relu2:1 + 3  | 1  | cannot add a number to an objective",
        "logit(zebra) | 7  | unknown class 'zebra'",
        "'relu2:1     | 1  | unclosed quote",
    })
    void syntaxErrorsAreOneLineWithThePosition(String text, int position, String message) {
        assertThatThrownBy(() -> ObjectiveParser.parse(text, shapes)).isInstanceOf(VisorException.class)
                .hasMessageStartingWith("bad objective \"" + text + "\" at position " + position + ": ")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void unknownLayerAndUnitOutOfRangeAreOneLine() {
        assertThatThrownBy(() -> ObjectiveParser.parse("reul2:1", shapes)).isInstanceOf(VisorException.class)
                .hasMessageContaining("unknown layer 'reul2'").hasMessageContaining("relu2");
        assertThatThrownBy(() -> ObjectiveParser.parse("relu1:4", shapes))
                .hasMessage("unit 4 is out of range for layer 'relu1', which has 4 units (0-3)");
        assertThatThrownBy(() -> ObjectiveParser.parse("logit(5)", shapes))
                .hasMessage("class 5 is out of range: the model has 5 classes (0-4)");
        assertThatThrownBy(() -> ObjectiveParser.parse("", shapes)).hasMessageContaining("empty objective");
    }
}
