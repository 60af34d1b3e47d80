"""For tests of admin pages: sign a test client in past two-step verification."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def login_verified(client, user) -> TOTPDevice:
    """Sign `client` in as `user`, who gets a confirmed authenticator app, with the
    session verified as if a right code had been entered; return the app."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
