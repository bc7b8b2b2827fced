package dev.visor.io.zoo;

import dev.visor.VisorException;
import java.util.List;
import java.util.stream.Collectors;

/** The models of Visor's zoo. One entry per model; real public URLs and digests. */
public final class ZooModels {
    private ZooModels() {}

    /**
     * Darknet "Tiny" ImageNet classifier as a TF.js layers model, from the ml5 project's
     * data-and-models repository (MIT). Its labels.txt (Darknet class order) is not part of that
     * repository: it comes from Debian's darknet package data (first 1000 lines of
     * imagenet.shortnames.list), so it is optional here and only a mirror supplies it.
     */
    static final ZooModel DARKNET_TINY = new ZooModel("darknet-tiny",
            "Darknet Tiny ImageNet classifier (TF.js layers, 224 px, 1.0 M parameters, logits)",
            "https://raw.githubusercontent.com/ml5js/ml5-data-and-models/main/models/darknetclassifier/darknettiny/",
            "model.json", List.of(
                ZooFile.of("model.json", "5a5ee1ddb33ac7948b303197f4c63f72a80fc00a7d2870d30843004ddd5b4b51"),
                ZooFile.of("group1-shard1of1", "1a95595a3f6c497f27747d40276649a10988d0808a121ddfb3f6b368133f44c5"),
                ZooFile.of("group2-shard1of1", "8226135041fbafc7c3a838d0673badb8d3e4211a4d550781951d15a09445ea47"),
                ZooFile.of("group3-shard1of1", "3a465f4bbcbcd7721caa77b704829cfe20eadab670a8d91a352e76e4cfca1a02"),
                ZooFile.of("group4-shard1of1", "3e661974c4740795f3ca9b882ae80dc3521951dac2b262ac054329f17aaefb10"),
                ZooFile.of("group5-shard1of1", "5f1fa7779fe01d2b06ea3804f84e5cf6a25688dc458617a9f35a1018356abcbf"),
                ZooFile.of("group6-shard1of1", "e054b14e9e866da448ab351f04d3920ae216032b3df680396163a77b8925a009"),
                ZooFile.of("group7-shard1of1", "2aed907302664d64b85669a293c8f5a492521b4d025b9b3a19943f951a7e32df"),
                ZooFile.of("group8-shard1of1", "99e0418ac61cd6093df0bb4a5a67750ec0b0fbb8edb2125c0cfda67e3cb3f1a4"),
                ZooFile.of("group9-shard1of1", "4fb47f3aa4f19f7fabd7d4271cf81e8af7735fcfc89bf4b9174f379bb60b129d"),
                ZooFile.of("group10-shard1of1", "2afc82f4d423cb8272e4089b69c5dba2755eea8499935b4f0020e27b5d559557"),
                ZooFile.of("group11-shard1of1", "8957dc1caa88193522d8071f6ac3171634818bb50223b1e98ace21f010b414cc"),
                ZooFile.of("group12-shard1of1", "bced27a16699c0eca4ee4d15c4e5fac46532a6f2850b53445818c0e2e69af7b1"),
                ZooFile.of("group13-shard1of1", "5e6172c6d71505fce1a9388e733aaddf21f6ab14f9ccaf10d2986a94b8f19b42"),
                ZooFile.of("group14-shard1of1", "adfb4ad19dea5c1ba0c9b7e7d90f6265aac136a7d98e0f0eed4362d62e5e51f8"),
                ZooFile.of("group15-shard1of1", "79131184270263a2c585240efbfdd3ed13fc005c67b761ced984c70265209511"),
                ZooFile.of("group16-shard1of1", "d70b0b9f3db3d51bd5613246885f4723998aef2e56845c7dec75743221f1ef5e"),
                ZooFile.of("group17-shard1of1", "3dad37a465ab881c2d2006072cd60d83144d04a5c5448f49e15308472bbb145a"),
                ZooFile.of("group18-shard1of1", "c7a7f19a7a9e3a780bd1aedfe30a7e594821ea8d57d6e72d148c033b0f24f5fa"),
                ZooFile.of("group19-shard1of1", "4f16fe423091d9b32d59bff14cd19f1a6a233bc98adade4a1e0ef0d2972752b5"),
                ZooFile.of("group20-shard1of1", "1efd0b489da0d04808a02175c2803528313f7e9abadb18a5dc3ae0b5bd5c0331"),
                ZooFile.of("group21-shard1of1", "9d024d14a803a3b078df0e9829bcc13a8901c3a6043456632ce5697be5734155"),
                ZooFile.of("group22-shard1of1", "0c18a3238859e649bac990e90dc4738861ffd07e9bee725139bec9ef3b8545ef"),
                ZooFile.of("group23-shard1of1", "2116862cb9cd43b21a3bfa3ea41e43dbe33284a97a8a22c5afe8d768f5a767af"),
                ZooFile.of("group24-shard1of1", "35c4204cee6796300f50addf2a2202a137eaa8a42999a79168f9226f60c8a62b"),
                ZooFile.of("group25-shard1of1", "9a37816bda07b3be24b88103a11dcc5d3eea15749a15594492b03ba3177a6a5e"),
                ZooFile.of("group26-shard1of1", "697677a6c94bd84fb0b558421629b5424101c4ea16601be53096275f43891f6c"),
                ZooFile.of("group27-shard1of1", "ef48b33bcf06fed0a9cc8b41017bccbf4f32fceeae946c00e0fd130fc467f9e4"),
                ZooFile.of("group28-shard1of1", "2831d9d4368b4cad678f9a3df4c9575bc35e1c2a7ef6ebed887c02c06a4f6dab"),
                ZooFile.of("group29-shard1of1", "720e58d7e54901e8db21d698fc094ffcb65a5991397895fef827ce53094b2a15"),
                ZooFile.of("group30-shard1of1", "a68c7913477828b28c2fe1924b191139877f7825e5f1a2e1c1b0e0e92accc669"),
                ZooFile.of("group31-shard1of1", "7985bd42bc5c0333e563998ad6d4616b0afaf1765f2b8c4c6df3944cf8f13992"),
                new ZooFile("labels.txt", "5289378d14f392c0cddf78fedc75d032e23b544831eb49d3d779fa6951ee0fc1", true)));

    /** Every zoo model. */
    public static List<ZooModel> all() {
        return List.of(DARKNET_TINY);
    }

    /** A model by name. */
    public static ZooModel find(String name) {
        return all().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new VisorException("unknown zoo model '" + name + "'; the zoo has: "
                        + all().stream().map(ZooModel::name).collect(Collectors.joining(", "))));
    }
}
