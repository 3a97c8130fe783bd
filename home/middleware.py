"""The site speaks Dutch unless the visitor chose otherwise with the language switch."""


class ExplicitLanguageChoiceMiddleware:
    """Drop the browser's Accept-Language header before LocaleMiddleware reads it.

    The content is Dutch; a Dutch professional with an English browser should still get a
    Dutch interface (and Dutch dates beside Dutch text). English is a choice made with the
    language switch, which Django keeps in its language cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
