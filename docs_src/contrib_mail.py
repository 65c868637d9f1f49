from lilya.apps import Lilya
from lilya.contrib.mail import EmailMessage, Mailer
from lilya.contrib.mail.backends.inmemory import InMemoryBackend
from lilya.contrib.mail.dependencies import Mail
from lilya.contrib.mail.startup import setup_mail
from lilya.dependencies import Provides
from lilya.routing import Path

# In production: SMTPBackend("smtp.example.com", 587, username=..., password=...).
backend = InMemoryBackend()


async def contact(email: str, mailer: Mailer = Provides()) -> dict[str, bool]:
    await mailer.send(
        EmailMessage(subject="Thanks for writing", to=[email], body_text="We will answer soon.")
    )
    return {"sent": True}


app = Lilya(
    routes=[Path("/contact/{email}", contact, methods=["POST"], dependencies={"mailer": Mail})],
)
setup_mail(app, backend=backend)  # one Mailer, opened at startup and closed at shutdown
