"""A Piper voice's model, rewritten so onnxruntime runs its vocoder faster: 1-D convolutions as 2-D.

Nine tenths of Piper's time goes to the convolutions of the vocoder (the graph's ``/dec/``
nodes, HiFi-GAN). onnxruntime runs 1-D convolutions through a generic im2col + GEMM, but
2-D ones through its blocked NCHWc kernels. A 1-D convolution over (N, C, T) is exactly a 2-D
one over (N, C, 1, T) with a kernel of height 1, so the vocoder is lifted to 4-D as a whole:
one Unsqueeze where the vocoder reads its input, one Squeeze where its output leaves, and
every weight given a height of 1. Measured on the bundled voice: the same samples to within
1e-6 (noise off), 11-12 % less CPU per second of speech. A model whose vocoder holds anything
but convolutions and element-wise steps is left as it is.

The same rewrite makes the model report how many frames it gave each phoneme (piper's
``add_alignment_output``: its duration tensor, ``Ceil``, becomes a second output), from which
PiperTTS times the words it speaks; the audio output is unchanged. A model where the tensor
cannot be found runs without it (and captions fall back to timing words from the audio).
"""
from __future__ import annotations

import logging
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

VOCODER_PREFIX = "/dec/"
CONVOLUTIONS = ("Conv", "ConvTranspose")
# operations that work on tensors of any rank the same way (scalars broadcast)
ELEMENT_WISE = ("Add", "Sub", "Mul", "Div", "LeakyRelu", "Relu", "Tanh", "Constant")
LIFT_AXES = "storyagent_vocoder_axes"


@contextmanager
def model_for_session(model: Path) -> Iterator[str]:
    """The path to give onnxruntime for ``model``: a rewritten copy while the block runs, else the model itself.

    A file rather than bytes: onnxruntime's Python session keeps bytes it was given for its
    whole life (63 MB for the bundled voice), a path it only reads.
    """
    try:
        import onnx
    except ImportError:  # the speed-up needs the onnx package; the model runs as it is without it
        yield str(model)
        return
    try:
        graph_model = onnx.load(str(model))
        rewritten = lift_vocoder_to_2d(graph_model)
        rewritten = report_phoneme_frames(graph_model) or rewritten
    except Exception as exc:  # a model onnx cannot read or rewrite still runs as it is
        log.info("Piper voice %s runs unchanged: %r", model, exc)
        rewritten = False
    if not rewritten:
        yield str(model)
        return
    with tempfile.TemporaryDirectory(prefix="storyagent-voice-") as folder:
        copy = Path(folder) / model.name
        onnx.save(graph_model, str(copy))
        del graph_model
        yield str(copy)


def report_phoneme_frames(model) -> bool:
    """Rewrite ``model`` in place to output its frames per phoneme (after the audio). False if it cannot."""
    if len(model.graph.output) > 1:  # already patched (piper.patch_voice_with_alignment) or not a plain voice
        return False
    try:
        from piper.patch_voice_with_alignment import add_alignment_output
    except ImportError:
        return False
    try:
        add_alignment_output(model)
    except ValueError as exc:  # no single Ceil tensor: a voice built differently
        log.info("Piper voice reports no phoneme durations: %s", exc)
        return False
    return True


def lift_vocoder_to_2d(model) -> bool:
    """Rewrite ``model`` (an onnx ModelProto) in place: its vocoder on 4-D tensors. False (untouched) if it does not fit."""
    from onnx import helper, numpy_helper

    graph = model.graph
    vocoder = [node for node in graph.node if node.name.startswith(VOCODER_PREFIX)]
    if not any(node.op_type == "Conv" for node in vocoder) or \
            any(node.op_type not in CONVOLUTIONS + ELEMENT_WISE for node in vocoder):
        return False
    weights = {tensor.name: tensor for tensor in graph.initializer}
    made_inside = {name for node in vocoder for name in node.output}
    for node in vocoder:
        if node.op_type in CONVOLUTIONS:
            weight = weights.get(node.input[1])
            if weight is None or len(weight.dims) != 3 or any(
                    attribute.name == "auto_pad" for attribute in node.attribute):
                return False
        elif node.op_type == "Constant":  # a constant must broadcast the same at rank 3 and 4: a scalar
            if any(attribute.name != "value" or len(attribute.t.dims) > 1 for attribute in node.attribute):
                return False
        else:  # element-wise: every outside input must be a scalar (or a vocoder tensor)
            for name in node.input:
                if name and name not in made_inside and (name not in weights or len(weights[name].dims) > 1):
                    return False

    graph.initializer.append(numpy_helper.from_array(np.array([2], dtype=np.int64), LIFT_AXES))
    before: dict[int, list] = defaultdict(list)
    lifted: dict[str, str] = {}
    for node in vocoder:
        if node.op_type not in CONVOLUTIONS:
            continue
        source = node.input[0]
        if source not in made_inside:  # the vocoder's input: lifted once, where it is first read
            if source not in lifted:
                lifted[source] = f"{source}/4d"
                before[id(node)].append(helper.make_node("Unsqueeze", [source, LIFT_AXES], [lifted[source]],
                                                         name=f"{node.name}/lift"))
            node.input[0] = lifted[source]
        weight = weights[node.input[1]]
        weight.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(weight)[:, :, None, :], weight.name))
        for attribute in node.attribute:
            if attribute.name in ("kernel_shape", "strides", "dilations", "output_padding"):
                attribute.ints[:] = [1, *attribute.ints]
            elif attribute.name == "pads":
                begin, end = attribute.ints
                attribute.ints[:] = [0, begin, 0, end]

    readers: dict[str, list] = defaultdict(list)
    for node in graph.node:
        for name in node.input:
            readers[name].append(node)
    outputs = {output.name for output in graph.output}
    after: dict[int, list] = defaultdict(list)
    for node in vocoder:
        for index, name in enumerate(node.output):
            if name in outputs or any(not reader.name.startswith(VOCODER_PREFIX) for reader in readers[name]):
                node.output[index] = f"{name}/4d"
                after[id(node)].append(helper.make_node("Squeeze", [f"{name}/4d", LIFT_AXES], [name],
                                                        name=f"{node.name}/drop"))
    nodes = [new for node in graph.node for new in (*before[id(node)], node, *after[id(node)])]
    del graph.node[:]
    graph.node.extend(nodes)
    return True
