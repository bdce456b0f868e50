import datetime
from types import SimpleNamespace

from gunicorn.config import Config

from panel_site import gunicorn_conf


def test_the_access_log_never_holds_a_status_link_secret_or_a_query(capsys):
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", gunicorn_conf.access_log_format)
    logger = gunicorn_conf.AccessLogger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/questions/status/s3cr3t-token/?q=Jo+Bloggs",
        "PATH_INFO": "/questions/status/s3cr3t-token/",
        "QUERY_STRING": "q=Jo+Bloggs",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])

    logger.access(response, SimpleNamespace(headers=[]), environ, datetime.timedelta(0, 0, 5))

    line = capsys.readouterr().out
    assert '"GET /questions/status/[secret]/ HTTP/1.1" 200' in line
    assert "s3cr3t" not in line and "Bloggs" not in line
