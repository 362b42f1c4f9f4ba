"""Compression: static files get brotli and gzip from whitenoise; dynamic answers get them from nginx, with the very
configuration the README shows (extracted from it and run here in front of a stand-in app server), and the admin
never (BREACH)."""

import gzip
import http.client
import http.server
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
from pathlib import Path

import brotli
import pytest
from django.conf import settings
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/etc/nginx/modules-enabled/50-mod-http-brotli-filter.conf")
PAGE = ("<!DOCTYPE html><html lang='ca'><title>Agenda</title>" + "<p>Xerrada a Sabadell, 18:00</p>" * 600).encode()


def test_whitenoise_writes_brotli_and_gzip_versions_of_static_files(tmp_path):
    css = tmp_path / "site.css"
    shutil.copy(BASE_DIR / "static" / "css" / "site.css", css)
    compressor = Compressor(quiet=True)
    assert compressor.use_brotli, "the Brotli package is missing: whitenoise would write gzip only"
    written = {Path(name).name for name in compressor.compress(str(css))}
    assert written == {"site.css.gz", "site.css.br"}
    assert brotli.decompress((tmp_path / "site.css.br").read_bytes()) == css.read_bytes()
    assert gzip.decompress((tmp_path / "site.css.gz").read_bytes()) == css.read_bytes()
    assert settings.STORAGES["staticfiles"]["BACKEND"].endswith("CompressedManifestStaticFilesStorage") or (
        settings.STORAGES["staticfiles"]["BACKEND"].endswith("StaticFilesStorage")  # tests: no collectstatic
    )


class StandIn(http.server.BaseHTTPRequestHandler):
    """The app server behind nginx: the same HTML page for every path, uncompressed, as gunicorn sends it."""

    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args):
        pass


def readme_nginx_config():
    readme = (BASE_DIR / "README.md").read_text()
    (block,) = re.findall(r"```nginx\n(.*?)\n```", readme, re.DOTALL)
    return block


@pytest.fixture
def nginx(tmp_path):
    if not Path(NGINX).exists() or not BROTLI_MODULE.exists():
        pytest.skip("needs Debian's nginx-light and libnginx-mod-http-brotli-filter (installed by .ci/run)")
    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    subprocess.run(  # noqa: S603 - a throwaway self-signed certificate for 127.0.0.1
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    https_port, http_port = free_port(), free_port()
    server = readme_nginx_config()
    server = server.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    server = server.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    server = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {tmp_path / 'cert.pem'};", server)
    server = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {tmp_path / 'key.pem'};", server)
    server = server.replace("http://127.0.0.1:8000", f"http://127.0.0.1:{app.server_address[1]}")
    server = server.replace("/srv/cdhr/media/", f"{tmp_path}/media/")
    temp = "".join(
        f"{name}_temp_path {tmp_path}/{name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = tmp_path / "nginx.conf"
    config.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\ninclude {BROTLI_MODULE};\n"
        f"events {{}}\nhttp {{\naccess_log off;\ninclude /etc/nginx/mime.types;\n{temp}{server}\n}}\n"
    )
    tmp_path.chmod(0o755)
    check = subprocess.run([NGINX, "-t", "-c", str(config)], capture_output=True, text=True)  # noqa: S603
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-c", str(config), "-g", "daemon off;"])  # noqa: S603
    try:
        for _ in range(50):
            if (tmp_path / "nginx.pid").exists():
                break
            time.sleep(0.1)
        yield https_port
    finally:
        process.terminate()
        process.wait(timeout=10)
        app.shutdown()


def free_port():
    """A TCP port on the loopback that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port, path, encoding):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    connection.request("GET", path, headers={"Accept-Encoding": encoding, "Host": "ciutatsdefensores.cat"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_nginx_compresses_pages_with_brotli_and_gzip_but_never_the_admin(nginx):
    response, body = fetch(nginx, "/ca/edicions/agenda/", "br, gzip")
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "br"
    assert "Accept-Encoding" in response.getheader("Vary", "")
    assert brotli.decompress(body) == PAGE
    assert len(body) < len(PAGE) / 10

    response, body = fetch(nginx, "/ca/edicions/agenda/", "gzip")
    assert response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(body) == PAGE

    response, body = fetch(nginx, "/admin/login/", "br, gzip")
    assert response.status == 200
    assert response.getheader("Content-Encoding") is None
    assert body == PAGE
