"""«Vis → Medlemsundersøkelsen …»: the member survey's answers counted, listed and compared."""

from kontakt.ui.survey.dialog import SurveyDialog

__all__ = ["SurveyDialog"]
