"""Agent configuration: bundled default, user files merged over it, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chinwag import registry
from chinwag.config import (
    DEFAULT_CONFIG_PATH,
    DEFAULT_POLICY_PATH,
    AgentConfig,
    default_database_url,
    load_config,
    read_config_file,
)
from chinwag.errors import ConfigError


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def no_db_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CHINWAG_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def test_bundled_default_is_the_copper_kettle() -> None:
    config = load_config()
    assert config.name == "copper-kettle"
    assert "The Copper Kettle" in config.persona
    assert "The Copper Kettle" in config.system_prompt
    assert "Opening hours" in config.system_prompt
    assert config.flow == "restaurant"
    assert config.asr.backend == "whisper-tiny.en"
    assert config.llm.backend == "smollm2"
    assert config.tts.backend == "piper"
    assert config.guardrails.policy == str(DEFAULT_POLICY_PATH)


def test_bundled_default_matches_the_dataclass_defaults() -> None:
    """The TOML documents every option; its values must be the code's own defaults (prompts aside)."""
    from_file = load_config().to_dict()
    from_code = AgentConfig().to_dict()
    for key in ("persona", "system_prompt"):
        from_file.pop(key)
        from_code.pop(key)
    from_file["records"].pop("database_url")
    from_code["records"].pop("database_url")
    assert from_file == from_code


def test_default_backends_are_registered() -> None:
    config = load_config()
    for kind, name in [("asr", config.asr.backend), ("llm", config.llm.backend), ("tts", config.tts.backend),
                       ("vad", config.vad.backend)]:
        assert registry.get(kind, name).name == name


def test_user_toml_merges_over_default(tmp_path: Path) -> None:
    path = write(tmp_path, "agent.toml", '[llm]\nmax_tokens = 40\n[tts]\nbackend = "espeak"\n')
    config = load_config(path)
    assert config.llm.max_tokens == 40
    assert config.llm.temperature == 0.3  # untouched keys keep the default
    assert config.tts.backend == "espeak"
    assert "The Copper Kettle" in config.system_prompt


def test_user_yaml_merges_over_default(tmp_path: Path) -> None:
    text = (
        "name: dental\npersona: A dental practice\n"
        "asr:\n  options:\n    beam_size: 2\nturn:\n  backchannels: false\n"
    )
    config = load_config(write(tmp_path, "agent.yaml", text))
    assert config.name == "dental"
    assert config.persona == "A dental practice"
    assert config.asr.options == {"beam_size": 2}
    assert config.turn.backchannels is False


def test_unknown_key_names_it_and_the_valid_ones(tmp_path: Path) -> None:
    path = write(tmp_path, "agent.toml", "[llm]\nmax_token = 40\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert "'llm.max_token'" in message
    assert "did you mean 'max_tokens'" in message
    assert "temperature" in message  # the valid keys are listed
    assert str(path) in message


def test_unknown_section(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"unknown key 'speach'.*top level"):
        load_config(write(tmp_path, "agent.toml", "[speach]\nrate = 1\n"))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('[llm]\nmax_tokens = "ten"\n', "'llm.max_tokens' .* must be an integer"),
        ("[llm]\nmax_tokens = 4.5\n", "'llm.max_tokens' .* must be an integer"),
        ("[llm]\ntemperature = true\n", "'llm.temperature' .* must be a number"),
        ('[turn]\nbackchannels = "yes"\n', "'turn.backchannels' .* must be true or false"),
        ("name = 3\n", "'name' .* must be a string"),
        ("llm = 3\n", "'llm' .* must be a section"),
        ("[asr]\noptions = 2\n", "'asr.options' .* must be a table"),
        ("[llm]\nmodel_path = 5\n", "'llm.model_path' .* a string \\(or unset\\)"),
    ],
)
def test_wrong_types_are_config_errors(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        load_config(write(tmp_path, "agent.toml", text))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('[llm]\nbackend = "gpt"\n', "choose one of: smollm2, gguf, openai, none"),
        ('[llm]\nbackend = "gguf"\n', "llm.model_path"),
        ('[llm]\nbackend = "openai"\nmodel = "x"\n', "llm.base_url"),
        ("[llm]\ntemperature = 3.0\n", "between 0 and 2"),
        ("[llm]\nmax_tokens = 0\n", "greater than 0"),
        ("[vad]\nthreshold = 1.5\n", "vad.threshold"),
        ("[turn]\nbarge_in_min_speech_ms = -5\n", "must not be negative"),
        ("[turn]\nunsure_words_max_end_of_turn_ms = 4000\n", "turn.unsure_words_max_end_of_turn_ms"),
        ("[turn]\nunsure_words_probability = 1.5\n", "turn.unsure_words_probability"),
        ("[turn]\ncut_in_max_end_of_turn_ms = 100\n", "turn.cut_in_max_end_of_turn_ms"),
        ("[turn]\ncut_in_unsure_max_end_of_turn_ms = 2000\n", "turn.cut_in_unsure_max_end_of_turn_ms"),
        ("[turn]\ncut_in_unsure_last_word_probability = -1\n", "turn.cut_in_unsure_last_word_probability"),
        ("[turn]\nundecided_hold_max_ms = 2000\n", "turn.undecided_hold_max_ms"),
        ("[turn]\ntail_hold_max_ms = 3500\n", "turn.tail_hold_max_ms"),
        ("[turn]\nlong_hold_max_ms = 1000\n", "turn.long_hold_max_ms"),
        ('architecture = "pipeline"\n', "cascaded, hybrid, s2s"),
        ('[tts]\nbackend = "say"\n', "piper, espeak"),
    ],
)
def test_bad_values_are_config_errors(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        load_config(write(tmp_path, "agent.toml", text))


def test_int_is_accepted_for_float(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "agent.toml", "[llm]\ntemperature = 1\n"))
    assert config.llm.temperature == 1.0
    assert isinstance(config.llm.temperature, float)


def test_relative_paths_are_read_from_the_config_folder(tmp_path: Path) -> None:
    text = '[llm]\nbackend = "gguf"\nmodel_path = "models/m.gguf"\n[guardrails]\npolicy = "strict.toml"\n'
    config = load_config(write(tmp_path, "agent.toml", text))
    assert config.llm.model_path == str(tmp_path / "models" / "m.gguf")
    assert config.guardrails.policy == str(tmp_path / "strict.toml")


def test_openai_backend_kwargs(tmp_path: Path) -> None:
    text = '[llm]\nbackend = "openai"\nbase_url = "http://127.0.0.1:8080/v1"\nmodel = "qwen"\ntimeout_s = 5\n'
    config = load_config(write(tmp_path, "agent.toml", text))
    expected = {"base_url": "http://127.0.0.1:8080/v1", "model": "qwen", "timeout_s": 5.0}
    assert config.llm.backend_kwargs() == expected


def test_database_url_defaults_to_the_user_data_folder(tmp_path: Path) -> None:
    assert load_config().records.database_url == f"sqlite:///{tmp_path / 'data' / 'chinwag' / 'chinwag.db'}"


def test_database_url_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHINWAG_DB", "postgresql+psycopg://u@h/db")
    assert load_config().records.database_url == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("CHINWAG_DB", str(tmp_path / "x.db"))
    assert default_database_url() == f"sqlite:///{tmp_path / 'x.db'}"


def test_database_url_in_file_wins_over_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHINWAG_DB", "sqlite:///env.db")
    path = write(tmp_path, "agent.toml", '[records]\ndatabase_url = "sqlite:///file.db"\n')
    assert load_config(path).records.database_url == "sqlite:///file.db"


def test_to_dict_round_trips_through_json() -> None:
    config = load_config()
    stored = json.loads(json.dumps(config.to_dict()))
    assert AgentConfig.from_dict(stored) == config


def test_from_dict_rejects_unknown_keys() -> None:
    with pytest.raises(ConfigError, match=r"unknown key 'llm\.colour'"):
        AgentConfig.from_dict({"llm": {"colour": "red"}})


@pytest.mark.parametrize(
    ("name", "text", "fragment"),
    [
        ("agent.toml", "[llm\n", "not valid TOML"),
        ("agent.yaml", "llm: [1,\n", "not valid YAML"),
        ("agent.yaml", "- 1\n- 2\n", "mapping of settings"),
        ("agent.json", "{}", "must end in .toml, .yaml or .yml"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, text: str, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        load_config(write(tmp_path, name, text))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no agent config file"):
        load_config(tmp_path / "absent.toml")


def test_empty_yaml_means_all_defaults(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "agent.yaml", "")) == load_config()


def test_read_config_file_parses_the_default() -> None:
    data = read_config_file(DEFAULT_CONFIG_PATH)
    assert data["llm"]["backend"] == "smollm2"


def test_end_of_turn_threshold_is_the_models_unless_set(tmp_path: Path) -> None:
    from chinwag.agents.factory import _load_end_of_turn
    from chinwag.floor.end_of_turn import EndOfTurnModel

    default = load_config(None)
    assert default.turn.end_of_turn_threshold is None
    default.turn.completion_score = False  # the plain model: no language model needed here
    assert _load_end_of_turn(default).threshold == EndOfTurnModel.load().threshold
    text = "[turn]\nend_of_turn_threshold = 0.4\ncompletion_score = false\n"
    config = load_config(write(tmp_path, "a.toml", text))
    assert _load_end_of_turn(config).threshold == 0.4
    with pytest.raises(ConfigError, match="end_of_turn_threshold"):
        load_config(write(tmp_path, "b.toml", "[turn]\nend_of_turn_threshold = 1.5\n"))
