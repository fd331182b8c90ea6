"""A minimal stand-in for Discord's REST API, for the schemathesis run of .ci/schemathesis:
just the routes the REST API's Discord actions use (list and create guild channels, send a
message), answering JSON shaped like Discord's. The full fake used by the test suite is
tests/it/fake_discord.rs. Usage: python3 .ci/fake_discord.py PORT
"""
import itertools
import json
import re
import sys
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

IDS = itertools.count(1_500_000_000_000_000_000)
BOT = {"id": "1100000000000000000", "username": "gvbot", "discriminator": "0",
       "global_name": None, "avatar": None, "bot": True, "public_flags": 0, "flags": 0}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw or b"{}")
        except ValueError:
            return {}

    def do_GET(self):
        if re.fullmatch(r"/api/v10/guilds/\d+/channels", self.path):
            return self.answer(200, [])
        self.answer(404, {"code": 10003, "message": "Unknown Channel"})

    def do_POST(self):
        payload = self.body()
        match = re.fullmatch(r"/api/v10/guilds/(\d+)/channels", self.path)
        if match:
            return self.answer(201, {
                "id": str(next(IDS)), "type": payload.get("type", 0), "guild_id": match.group(1),
                "name": str(payload.get("name", "salon"))[:100], "position": 0,
                "permission_overwrites": [], "parent_id": payload.get("parent_id"),
                "topic": payload.get("topic"), "nsfw": False, "last_message_id": None,
                "rate_limit_per_user": 0, "flags": 0})
        match = re.fullmatch(r"/api/v10/channels/(\d+)/messages", self.path)
        if match:
            return self.answer(200, {
                "id": str(next(IDS)), "type": 0, "channel_id": match.group(1), "author": BOT,
                "content": str(payload.get("content", "")), "embeds": [],
                "timestamp": datetime.now(timezone.utc).isoformat(), "edited_timestamp": None,
                "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [],
                "attachments": [], "components": [], "pinned": False, "flags": 0})
        self.answer(404, {"code": 10003, "message": "Unknown Channel"})


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
