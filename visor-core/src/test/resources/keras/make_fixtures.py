#!/usr/bin/python3
"""Writes the Keras test fixtures of Visor and their expected outputs, with numpy only.

Run from this directory:  /usr/bin/python3 make_fixtures.py   (needs numpy and h5py: apt-get install
python3-numpy python3-h5py). Keras itself is not needed: the files follow Keras 2's .h5 layout and
the TF.js layers format, and the expected outputs come from the plain numpy forward pass below
(NHWC, TensorFlow's padding rules), independent of Visor's translator.

Writes:
  functional.h5, functional-tfjs/          a functional model (conv, BN, depthwise, separable, add,
                                           pools, concat, multiply, reshape, dense, softmax)
  functional-quant-tfjs/                   the same topology with uint8 / uint16 / float16 weights
  functional_expected.json                 input and per-layer outputs (NHWC) for the float weights
  functional_quant_expected.json           the same for the dequantised weights
  sequential-tfjs/, sequential_expected.json   a Sequential model of layers whose ONNX ops Visor may
                                           lack (Pad, Clip, Slice, Resize, ConvTranspose, PRelu, Elu)
"""
import json
import os

import h5py
import numpy as np

rng = np.random.default_rng(20240611)


def pads_same(n, k, s, d=1):
    out = -(-n // s)
    total = max((out - 1) * s + (k - 1) * d + 1 - n, 0)
    return total // 2, total - total // 2


def conv2d(x, w, b=None, strides=(1, 1), padding="valid", dilation=(1, 1), groups=1):
    """x NHWC, w (kh, kw, cin/groups, cout)."""
    kh, kw, cig, co = w.shape
    if padding == "same":
        ph, pw = pads_same(x.shape[1], kh, strides[0], dilation[0]), pads_same(x.shape[2], kw, strides[1], dilation[1])
        x = np.pad(x, ((0, 0), ph, pw, (0, 0)))
    n, h, wd, ci = x.shape
    ekh, ekw = (kh - 1) * dilation[0] + 1, (kw - 1) * dilation[1] + 1
    oh, ow = (h - ekh) // strides[0] + 1, (wd - ekw) // strides[1] + 1
    y = np.zeros((n, oh, ow, co), np.float64)
    cog = co // groups
    for g in range(groups):
        xs = x[..., g * cig:(g + 1) * cig]
        for i in range(kh):
            for j in range(kw):
                patch = xs[:, i * dilation[0]: i * dilation[0] + strides[0] * (oh - 1) + 1: strides[0],
                           j * dilation[1]: j * dilation[1] + strides[1] * (ow - 1) + 1: strides[1], :]
                y[..., g * cog:(g + 1) * cog] += patch @ w[i, j, :, g * cog:(g + 1) * cog]
    if b is not None:
        y += b
    return y


def depthwise(x, w, b=None, strides=(1, 1), padding="valid"):
    """w (kh, kw, C, M): output channel c*M + m."""
    kh, kw, c, m = w.shape
    full = np.zeros((kh, kw, 1, c * m))
    for ci in range(c):
        for mi in range(m):
            full[:, :, 0, ci * m + mi] = w[:, :, ci, mi]
    xr = np.repeat(x, m, axis=3)  # input channel ci feeds outputs ci*m .. ci*m+m-1
    return conv2d(xr, full, b, strides, padding, groups=c * m)


def pool(x, k, s, padding, kind):
    n, h, w, c = x.shape
    if padding == "same":
        ph, pw = pads_same(h, k, s), pads_same(w, k, s)
    else:
        ph, pw = (0, 0), (0, 0)
    fill = -np.inf if kind == "max" else 0.0
    xp = np.pad(x, ((0, 0), ph, pw, (0, 0)), constant_values=fill)
    ones = np.pad(np.ones((1, h, w, 1)), ((0, 0), ph, pw, (0, 0)))
    oh, ow = (xp.shape[1] - k) // s + 1, (xp.shape[2] - k) // s + 1
    y = np.zeros((n, oh, ow, c))
    for i in range(oh):
        for j in range(ow):
            win = xp[:, i * s:i * s + k, j * s:j * s + k, :]
            if kind == "max":
                y[:, i, j, :] = win.max(axis=(1, 2))
            else:
                y[:, i, j, :] = win.sum(axis=(1, 2)) / ones[:, i * s:i * s + k, j * s:j * s + k, :].sum()
    return y


def conv_transpose_same(x, w, b, s):
    """Keras Conv2DTranspose, padding 'same': w (kh, kw, cout, cin), output size in*s."""
    kh, kw, co, ci = w.shape
    n, h, wd, _ = x.shape
    full = np.zeros((n, (h - 1) * s + kh, (wd - 1) * s + kw, co))
    for i in range(h):
        for j in range(wd):
            full[:, i * s:i * s + kh, j * s:j * s + kw, :] += np.einsum("nc,hwoc->nhwo", x[:, i, j, :], w)
    th, tw = max(kh - s, 0), max(kw - s, 0)
    top, left = th // 2, tw // 2
    y = full[:, top:top + h * s, left:left + wd * s, :]
    if y.shape[1] < h * s or y.shape[2] < wd * s:
        y = np.pad(y, ((0, 0), (0, h * s - y.shape[1]), (0, wd * s - y.shape[2]), (0, 0)))
    return y + b


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def layer(cls, name, config, inbound):
    config = dict(config, name=name, trainable=True)
    return {"class_name": cls, "name": name, "config": config,
            "inbound_nodes": [[[i, 0, 0, {}] for i in inbound]] if inbound is not None else []}


def w(*shape, scale=0.5):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


# ---------------------------------------------------------------- functional model
F = {
    "conv_a/kernel": w(3, 3, 3, 4), "conv_a/bias": w(4, scale=0.1),
    "bn_a/gamma": (1 + w(4, scale=0.2)), "bn_a/beta": w(4, scale=0.1),
    "bn_a/moving_mean": w(4, scale=0.2), "bn_a/moving_variance": (0.5 + rng.random(4)).astype(np.float32),
    "dw_a/depthwise_kernel": w(3, 3, 4, 2), "dw_a/bias": w(8, scale=0.1),
    "sep_b/depthwise_kernel": w(3, 3, 4, 1), "sep_b/pointwise_kernel": w(1, 1, 4, 8), "sep_b/bias": w(8, scale=0.1),
    "conv_c/kernel": w(1, 1, 16, 6),
    "dense_seq/kernel": w(6, 3), "dense_seq/bias": w(3, scale=0.1),
    "dense_flat/kernel": w(24, 5), "dense_flat/bias": w(5, scale=0.1),
    "dense_tail/kernel": w(12, 5), "dense_tail/bias": w(5, scale=0.1),
    "dense_gap/kernel": w(16, 5),
}
conv = dict(data_format="channels_last", dilation_rate=[1, 1])
layers = [
    {"class_name": "InputLayer", "name": "image", "inbound_nodes": [],
     "config": {"batch_input_shape": [None, 7, 7, 3], "dtype": "float32", "name": "image", "sparse": False}},
    layer("Conv2D", "conv_a", dict(conv, filters=4, kernel_size=[3, 3], strides=[2, 2], padding="same",
                                   activation="relu", use_bias=True), ["image"]),
    layer("BatchNormalization", "bn_a", dict(axis=-1, epsilon=0.001, momentum=0.99, center=True, scale=True), ["conv_a"]),
    layer("LeakyReLU", "lrelu_a", dict(alpha=0.2), ["bn_a"]),
    layer("DepthwiseConv2D", "dw_a", dict(conv, kernel_size=[3, 3], strides=[1, 1], padding="same", depth_multiplier=2,
                                          activation="linear", use_bias=True), ["lrelu_a"]),
    layer("SeparableConv2D", "sep_b", dict(conv, filters=8, kernel_size=[3, 3], strides=[1, 1], padding="same",
                                           depth_multiplier=1, activation="relu", use_bias=True), ["lrelu_a"]),
    layer("Add", "add_ab", {}, ["dw_a", "sep_b"]),
    layer("MaxPooling2D", "pool_max", dict(pool_size=[3, 3], strides=[2, 2], padding="same", data_format="channels_last"),
          ["add_ab"]),
    layer("AveragePooling2D", "pool_avg", dict(pool_size=[3, 3], strides=[2, 2], padding="same",
                                               data_format="channels_last"), ["add_ab"]),
    layer("Multiply", "mul", {}, ["pool_max", "pool_avg"]),
    layer("Concatenate", "concat", dict(axis=-1), ["pool_max", "mul"]),
    layer("Conv2D", "conv_c", dict(conv, filters=6, kernel_size=[1, 1], strides=[1, 1], padding="valid",
                                   activation="sigmoid", use_bias=False), ["concat"]),
    layer("Flatten", "flatten_a", dict(data_format="channels_last"), ["conv_c"]),
    layer("Dropout", "drop", dict(rate=0.5), ["flatten_a"]),
    layer("Dense", "dense_flat", dict(units=5, activation="linear", use_bias=True), ["drop"]),
    layer("Reshape", "reshape_a", dict(target_shape=[4, 6]), ["conv_c"]),
    layer("Dense", "dense_seq", dict(units=3, activation="tanh", use_bias=True), ["reshape_a"]),
    layer("Flatten", "flatten_b", {}, ["dense_seq"]),
    layer("Dense", "dense_tail", dict(units=5, activation="linear", use_bias=True), ["flatten_b"]),
    layer("GlobalAveragePooling2D", "gap", dict(data_format="channels_last"), ["concat"]),
    layer("Dense", "dense_gap", dict(units=5, activation="linear", use_bias=False), ["gap"]),
    layer("Add", "logits", {}, ["dense_flat", "dense_tail", "dense_gap"]),
    layer("Activation", "probs", dict(activation="softmax"), ["logits"]),
]
functional = {"class_name": "Model", "config": {"name": "tiny_functional", "layers": layers,
                                                "input_layers": [["image", 0, 0]], "output_layers": [["probs", 0, 0]]}}


def forward_functional(x, p):
    o = {}
    o["conv_a"] = np.maximum(conv2d(x, p["conv_a/kernel"], p["conv_a/bias"], (2, 2), "same"), 0)
    o["bn_a"] = (o["conv_a"] - p["bn_a/moving_mean"]) / np.sqrt(p["bn_a/moving_variance"] + 0.001) * p["bn_a/gamma"] \
        + p["bn_a/beta"]
    o["lrelu_a"] = np.where(o["bn_a"] > 0, o["bn_a"], 0.2 * o["bn_a"])
    o["dw_a"] = depthwise(o["lrelu_a"], p["dw_a/depthwise_kernel"], p["dw_a/bias"], padding="same")
    d = depthwise(o["lrelu_a"], p["sep_b/depthwise_kernel"], padding="same")
    o["sep_b"] = np.maximum(conv2d(d, p["sep_b/pointwise_kernel"], p["sep_b/bias"]), 0)
    o["add_ab"] = o["dw_a"] + o["sep_b"]
    o["pool_max"] = pool(o["add_ab"], 3, 2, "same", "max")
    o["pool_avg"] = pool(o["add_ab"], 3, 2, "same", "avg")
    o["mul"] = o["pool_max"] * o["pool_avg"]
    o["concat"] = np.concatenate([o["pool_max"], o["mul"]], axis=-1)
    o["conv_c"] = 1 / (1 + np.exp(-conv2d(o["concat"], p["conv_c/kernel"])))
    o["flatten_a"] = o["conv_c"].reshape(len(x), -1)
    o["dense_flat"] = o["flatten_a"] @ p["dense_flat/kernel"] + p["dense_flat/bias"]
    o["reshape_a"] = o["conv_c"].reshape(len(x), 4, 6)
    o["dense_seq"] = np.tanh(o["reshape_a"] @ p["dense_seq/kernel"] + p["dense_seq/bias"])
    o["flatten_b"] = o["dense_seq"].reshape(len(x), -1)
    o["dense_tail"] = o["flatten_b"] @ p["dense_tail/kernel"] + p["dense_tail/bias"]
    o["gap"] = o["concat"].mean(axis=(1, 2))
    o["dense_gap"] = o["gap"] @ p["dense_gap/kernel"]
    o["logits"] = o["dense_flat"] + o["dense_tail"] + o["dense_gap"]
    o["probs"] = softmax(o["logits"])
    return o


# ---------------------------------------------------------------- sequential model (ops Visor may lack)
S = {
    "conv_r6/kernel": w(3, 3, 3, 4, scale=1.5), "conv_r6/bias": w(4, scale=0.5),
    "deconv/kernel": w(3, 3, 3, 4), "deconv/bias": w(3, scale=0.1),
    "prelu/alpha": w(1, 1, 3, scale=0.3),
}
seq_layers = [
    {"class_name": "ZeroPadding2D", "config": {"name": "pad", "padding": [[1, 0], [2, 1]], "data_format": "channels_last",
                                               "batch_input_shape": [None, 6, 6, 3], "dtype": "float32"}},
    {"class_name": "Conv2D", "config": dict(conv, name="conv_r6", filters=4, kernel_size=[3, 3], strides=[1, 1],
                                            padding="valid", activation="relu6", use_bias=True)},
    {"class_name": "Cropping2D", "config": {"name": "crop", "cropping": [[1, 0], [0, 2]], "data_format": "channels_last"}},
    {"class_name": "UpSampling2D", "config": {"name": "up", "size": [2, 2], "interpolation": "nearest",
                                              "data_format": "channels_last"}},
    {"class_name": "Conv2DTranspose", "config": dict(conv, name="deconv", filters=3, kernel_size=[3, 3], strides=[2, 2],
                                                     padding="same", output_padding=None, activation="linear",
                                                     use_bias=True)},
    {"class_name": "PReLU", "config": {"name": "prelu", "shared_axes": [1, 2]}},
    {"class_name": "ELU", "config": {"name": "elu", "alpha": 0.7}},
    {"class_name": "ReLU", "config": {"name": "relu_cap", "max_value": 1.5, "negative_slope": 0.0, "threshold": 0.0}},
    {"class_name": "GlobalMaxPooling2D", "config": {"name": "gmp", "data_format": "channels_last"}},
]
sequential = {"class_name": "Sequential", "config": {"name": "tiny_sequential", "layers": seq_layers}}


def forward_sequential(x, p):
    o = {}
    o["pad"] = np.pad(x, ((0, 0), (1, 0), (2, 1), (0, 0)))
    o["conv_r6"] = np.clip(conv2d(o["pad"], p["conv_r6/kernel"], p["conv_r6/bias"]), 0, 6)
    o["crop"] = o["conv_r6"][:, 1:, :-2, :]
    o["up"] = o["crop"].repeat(2, axis=1).repeat(2, axis=2)
    o["deconv"] = conv_transpose_same(o["up"], p["deconv/kernel"], p["deconv/bias"], 2)
    o["prelu"] = np.where(o["deconv"] > 0, o["deconv"], p["prelu/alpha"] * o["deconv"])
    o["elu"] = np.where(o["prelu"] > 0, o["prelu"], 0.7 * (np.exp(o["prelu"]) - 1))
    o["relu_cap"] = np.clip(o["elu"], 0, 1.5)
    o["gmp"] = o["relu_cap"].max(axis=(1, 2))
    return o


# ---------------------------------------------------------------- writers
def write_h5(path, model_config, params, layer_names):
    with h5py.File(path, "w", libver="latest") as f:
        f.attrs["keras_version"] = b"2.3.1"
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = json.dumps(model_config).encode("utf-8")
        g = f.create_group("model_weights")
        g.attrs["layer_names"] = np.array([n.encode() for n in layer_names])
        g.attrs["backend"] = b"tensorflow"
        g.attrs["keras_version"] = b"2.3.1"
        for n in layer_names:
            lg = g.create_group(n)
            names = [k for k in params if k.split("/")[0] == n]
            lg.attrs["weight_names"] = np.array([(k + ":0").encode() for k in names], dtype="S")
            for k in names:
                lg.create_dataset(k + ":0", data=params[k])


def quantise(a, dtype):
    levels = 255 if dtype == "uint8" else 65535
    lo, hi = float(a.min()), float(a.max())
    scale = (hi - lo) / levels if hi > lo else 1.0
    q = np.round((a - lo) / scale).astype(np.uint8 if dtype == "uint8" else np.uint16)
    return q, {"dtype": dtype, "scale": scale, "min": lo}, (q.astype(np.float64) * scale + lo)


def write_tfjs(folder, model_config, params, quant=None, split=2):
    """quant: weight name -> 'uint8' | 'uint16' | 'float16'; returns the weights as the reader sees them."""
    os.makedirs(folder, exist_ok=True)
    for old in os.listdir(folder):
        os.remove(os.path.join(folder, old))
    blob, entries, seen = b"", [], {}
    for k, a in params.items():
        e = {"name": k, "shape": list(a.shape), "dtype": "float32"}
        kind = (quant or {}).get(k)
        if kind in ("uint8", "uint16"):
            q, e["quantization"], seen[k] = quantise(a, kind)
            e["quantization"]["original_dtype"] = "float32"
            blob += q.astype("<u1" if kind == "uint8" else "<u2").tobytes()
        elif kind == "float16":
            h = a.astype("<f2")
            e["quantization"] = {"dtype": "float16", "original_dtype": "float32"}
            seen[k] = h.astype(np.float64)
            blob += h.tobytes()
        else:
            seen[k] = a.astype(np.float64)
            blob += a.astype("<f4").tobytes()
        entries.append(e)
    cut = [len(blob) * i // split for i in range(split + 1)]
    paths = []
    for i in range(split):
        name = "group1-shard%dof%d.bin" % (i + 1, split)
        with open(os.path.join(folder, name), "wb") as f:
            f.write(blob[cut[i]:cut[i + 1]])
        paths.append(name)
    model = {"format": "layers-model", "generatedBy": "visor make_fixtures.py", "convertedBy": None,
             "modelTopology": {"keras_version": "2.3.1", "backend": "tensorflow", "model_config": model_config},
             "weightsManifest": [{"paths": paths, "weights": entries}]}
    with open(os.path.join(folder, "model.json"), "w") as f:
        json.dump(model, f, indent=1)
    return seen


def write_expected(path, x, outs):
    data = {"input": {"shape": list(x.shape), "data": [round(float(v), 8) for v in x.ravel()]},
            "outputs": {k: {"shape": list(v.shape), "data": [round(float(u), 8) for u in np.asarray(v).ravel()]}
                        for k, v in outs.items()}}
    with open(path, "w") as f:
        json.dump(data, f)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    os.chdir(here)
    x = rng.random((2, 7, 7, 3))
    write_h5("functional.h5", functional, F, [l["name"] for l in layers])
    seen = write_tfjs("functional-tfjs", functional, F)
    write_expected("functional_expected.json", x, forward_functional(x, seen))
    quant = {"conv_a/kernel": "uint8", "dw_a/depthwise_kernel": "uint16", "dense_flat/kernel": "float16",
             "bn_a/gamma": "uint8", "dense_gap/kernel": "uint8"}
    seen_q = write_tfjs("functional-quant-tfjs", functional, F, quant, split=1)
    write_expected("functional_quant_expected.json", x, forward_functional(x, seen_q))
    xs = rng.random((1, 6, 6, 3))
    seen_s = write_tfjs("sequential-tfjs", sequential, S, split=1)
    write_expected("sequential_expected.json", xs, forward_sequential(xs, seen_s))
    with open("functional-tfjs/labels.txt", "w") as f:
        f.write("\n".join(["zero", "one", "two", "three", "four"]) + "\n")
