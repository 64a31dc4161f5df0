"""Error answers: Dutch pages for people, JSON for the API; never a stack trace or SQL."""

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from inspectie.api import ApiError, error_response
from inspectie.auth.login import is_api_request
from inspectie.extensions import db

MESSAGES = {
    400: "Het verzoek is onjuist.",
    401: "U moet ingelogd zijn.",
    403: "U hebt geen toegang tot deze pagina.",
    404: "Deze pagina bestaat niet, of u hebt er geen toegang toe.",
    405: "Deze handeling is hier niet toegestaan.",
    409: "De gegevens zijn intussen gewijzigd.",
    413: "Het verzonden bestand of formulier is te groot.",
    422: "De gegevens kloppen niet.",
    500: "Er ging iets mis aan onze kant. Probeer het later opnieuw.",
}

API_MESSAGES = {
    401: "Authenticatie vereist: log in of stuur 'Authorization: Bearer <token>'.",
    403: "Uw rol geeft geen toegang tot dit onderdeel.",
    404: "Niet gevonden.",
}


def _answer(status: int, message: str | None = None) -> ResponseReturnValue:
    if is_api_request(request):
        return error_response(
            status, message or API_MESSAGES.get(status) or MESSAGES.get(status, "Fout.")
        )
    text = message or MESSAGES.get(status, "Er ging iets mis.")
    return render_template("errors/error.html", status=status, message=text), status


def init_app(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(error: ApiError) -> ResponseReturnValue:
        return error_response(error.status, error.message, error.detail)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> ResponseReturnValue:
        return _answer(
            400,
            "Het formulier is verlopen of ongeldig (CSRF-controle). Laad de pagina opnieuw en "
            "probeer het nog eens.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        return _answer(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> ResponseReturnValue:
        # Whatever half-done work the request left in the session is thrown away, not committed.
        db.session.rollback()
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return _answer(InternalServerError.code)
