#!/usr/bin/env python3
"""Small SMTP listeners on 127.0.0.1 that stand in for authorities' mail servers while the fixtures are made.

  port 2601: accepts every message
  port 2602: refuses every recipient permanently (550 5.1.1)
  port 2603: defers every recipient (451 4.3.0), so the MTA retries and finally gives up
Port 2604 is left closed: a connection there is refused.
"""
import socket
import sys
import threading

BEHAVIOUR = {2601: "accept", 2602: "refuse", 2603: "defer"}


def serve(port):
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(20)
    while True:
        connection, _ = server.accept()
        threading.Thread(target=handle, args=(connection, BEHAVIOUR[port]), daemon=True).start()


def handle(connection, behaviour):
    reader = connection.makefile("rb")

    def say(text):
        connection.sendall((text + "\r\n").encode())

    say(f"220 {behaviour}.sink.test ESMTP")
    while True:
        line = reader.readline()
        if not line:
            break
        command = line.decode(errors="replace").strip().upper()
        if command.startswith(("EHLO", "HELO")):
            say(f"250-{behaviour}.sink.test")
            say("250 8BITMIME")
        elif command.startswith("MAIL FROM"):
            say("250 2.1.0 Ok")
        elif command.startswith("RCPT TO"):
            if behaviour == "refuse":
                say("550 5.1.1 <recipient>: Recipient address rejected: User unknown in local recipient table")
            elif behaviour == "defer":
                say("451 4.3.0 <recipient>: Temporary lookup failure, try again later")
            else:
                say("250 2.1.5 Ok")
        elif command == "DATA":
            say("354 End data with <CR><LF>.<CR><LF>")
            while reader.readline() not in (b".\r\n", b".\n", b""):
                pass
            say("250 2.0.0 Ok: queued as SINK" + str(threading.get_ident())[-6:])
        elif command == "QUIT":
            say("221 2.0.0 Bye")
            break
        else:
            say("250 2.0.0 Ok")
    connection.close()


if __name__ == "__main__":
    for port in BEHAVIOUR:
        threading.Thread(target=serve, args=(port,), daemon=True).start()
    print("sinks listening on 2601 (accept), 2602 (refuse), 2603 (defer)", flush=True)
    threading.Event().wait(float(sys.argv[1]) if len(sys.argv) > 1 else 3600)
