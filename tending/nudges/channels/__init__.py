"""The channels a nudge travels by: in the app (inapp.py), e-mail and Web Push."""
