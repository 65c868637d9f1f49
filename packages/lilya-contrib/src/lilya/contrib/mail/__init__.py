"""Sending e-mail from a Lilya app: messages, a `Mailer`, pluggable backends (SMTP, console, file, memory).

```python
from lilya.contrib.mail import EmailMessage, Mailer
from lilya.contrib.mail.backends.smtp import SMTPBackend

mailer = Mailer(backend=SMTPBackend("smtp.example.com", username="me", password="..."))
await mailer.open()
await mailer.send(EmailMessage(subject="Hi", to=["you@example.com"], body_text="Hello"))
```
"""

from __future__ import annotations

from lilya.contrib.mail.exceptions import BackendNotConfigured, InvalidMessage, MailError
from lilya.contrib.mail.mailer import Mailer
from lilya.contrib.mail.message import EmailMessage

__all__ = ["BackendNotConfigured", "EmailMessage", "InvalidMessage", "MailError", "Mailer"]
