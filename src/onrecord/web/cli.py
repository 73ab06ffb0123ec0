"""``onrecord serve``: the web app and JSON API over a corpus database."""
from __future__ import annotations

import ipaddress
import os

import click

from ..errors import OnrecordError


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.option("--db", "db", default="onrecord.db", show_default=True,
              type=click.Path(dir_okay=False), help="The corpus database (SQLite file).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback unless told otherwise).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", envvar="ONRECORD_TOKEN", default=None,
              help="Allow writes (POST /api/ingest) to clients sending "
                   "'Authorization: Bearer TOKEN' (or set ONRECORD_TOKEN). Without it the "
                   "server is read-only.")
@click.option("--model", default=None, help="spaCy pipeline for POST /api/extract.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve_cmd(db, host, port, token, model, log_level):
    """Serve the corpus in a browser and as a JSON API: search, speakers, articles with their
    statements highlighted, exchanges, quotes; POST /api/extract. Read-only without --token."""
    import uvicorn

    from .app import create_app

    try:
        app = create_app(db, token=token, model=model, preload=True)
    except OnrecordError as e:
        raise click.ClickException(str(e)) from None
    if not _is_loopback(host):
        click.echo(f"onrecord: listening on {host}, reachable from other machines"
                   + ("" if token is None else "; writes need the token"), err=True)
    if token is not None and len(token) < 16:
        click.echo("onrecord: the token is short (under 16 characters); anyone who guesses it "
                   "can write", err=True)
    click.echo(f"onrecord: serving {os.path.abspath(db)} at http://{host}:{port}/ "
               f"({'read-only' if token is None else 'writes with the token'}); Ctrl-C stops",
               err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)
