from __future__ import annotations

from chinwag.speak.piper_tts import (
    _length_delimited,
    _length_delimited_fields,
    _word_groups,
    with_duration_output,
)


class FakeAlignment:
    def __init__(self, phoneme: str, num_samples: int) -> None:
        self.phoneme = phoneme
        self.num_samples = num_samples


def fake_model(op_types: list[str], outputs: list[bytes]) -> bytes:
    """A tiny ModelProto: ir_version, then a graph with one node per op type and the given outputs."""
    nodes = b"".join(
        _length_delimited(1, _length_delimited(2, f"t{i}".encode()) + _length_delimited(4, op.encode()))
        for i, op in enumerate(op_types)
    )
    graph_outputs = b"".join(_length_delimited(12, _length_delimited(1, name)) for name in outputs)
    return b"\x08\x07" + _length_delimited(7, nodes + graph_outputs)


def graph_output_names(model: bytes) -> list[bytes]:
    names = []
    for graph in (f for f in _length_delimited_fields(model, 0, len(model)) if f.number == 7):
        for out in (f for f in _length_delimited_fields(model, graph.start, graph.end) if f.number == 12):
            names += [model[g.start : g.end] for g in _length_delimited_fields(model, out.start, out.end)]
    return names


def test_ceil_tensor_is_appended_as_graph_output() -> None:
    model = fake_model(["Add", "Ceil", "Mul"], [b"output"])
    patched = with_duration_output(model)
    assert patched is not None and patched.startswith(model)
    assert graph_output_names(patched) == [b"output", b"t1"]


def test_no_patch_without_a_single_ceil_or_when_already_exported() -> None:
    assert with_duration_output(fake_model(["Add"], [b"output"])) is None
    assert with_duration_output(fake_model(["Ceil", "Ceil"], [b"output"])) is None
    assert with_duration_output(fake_model(["Ceil"], [b"output", b"t0"])) is None
    assert with_duration_output(b"\xff\xff not protobuf") is None


def test_word_groups_skip_pauses_and_markers() -> None:
    phones = [("^", 10), ("h", 5), ("i", 5), (",", 40), (" ", 3), ("j", 4), ("o", 6), (".", 20), ("$", 2)]
    groups = _word_groups([FakeAlignment(p, n) for p, n in phones], offset=100)
    assert groups == [(110, 120), (163, 173)]
