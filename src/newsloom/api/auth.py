"""Bearer-token checks: writes always need the token; reads only when configured so."""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def require_token(request: Request, expected: str | None, *, action: str) -> None:
    """401 without a token, 403 with a wrong one (or when no token is configured at all)."""
    if expected is None:
        raise HTTPException(
            403, f"{action} is disabled on this server: start it with a write token (--token)"
        )
    given = bearer_token(request)
    if given is None:
        raise HTTPException(
            401,
            f"{action} needs a token: send the header 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(403, "the token is not valid for this server")
