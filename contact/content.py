"""Texts of the contact page (every site), in Catalan (the source), Spanish and English."""

CONTACT = {
    "ca": {
        "title": "Contacte",
        "intro": "Escriviu-nos per a preguntes generals, premsa, escoles o municipis. Responem en pocs dies laborables.",
        "thank_you_text": "Una persona de l'equip del consorci el llegirà i us respondrà a l'adreça que ens heu donat.",
    },
    "es": {
        "title": "Contacto",
        "intro": "Escríbanos para preguntas generales, prensa, escuelas o municipios. Respondemos en pocos días laborables.",
        "thank_you_text": "Una persona del equipo del consorcio lo leerá y le responderá en la dirección que nos ha dado.",
    },
    "en": {
        "title": "Contact",
        "intro": "Write to us about general questions, the press, schools or municipalities. We answer within a few working days.",
        "thank_you_text": "Someone from the consortium's team will read it and answer at the address you gave us.",
    },
}

# The description of a downloadable document, by the page's language and then the document's language.
