"""Demo texts for the editions app, in Catalan (source), Spanish and English. Fictional events, fictional people."""

INDEX = {
    "ca": {
        "title": "Edicions",
        "intro": "Cada any, dues gires: a la primavera i a la tardor. Aquí hi ha els programes de cada ciutat.",
    },
    "es": {
        "title": "Ediciones",
        "intro": "Cada año, dos giras: en primavera y en otoño. Aquí están los programas de cada ciudad.",
    },
    "en": {
        "title": "Editions",
        "intro": "Every year, two tours: in spring and in autumn. Here are each city's programmes.",
    },
}

SEASON_NAMES = {
    "spring": {"ca": "Gira de primavera", "es": "Gira de primavera", "en": "Spring tour"},
    "autumn": {"ca": "Gira de tardor", "es": "Gira de otoño", "en": "Autumn tour"},
}
EDITION_WORD = {"ca": "{roman} edició", "es": "{roman} edición", "en": "Edition {roman}"}
SLUG_SEASON = {"spring": "primavera", "autumn": "tardor"}

DEMO_TOURS = [
    {
        "number": 16,
        "year": 2026,
        "season": "autumn",
        "start": "2026-10-05",
        "end": "2026-10-14",
        "cities": ["sabadell", "terrassa", "sant-boi-de-llobregat", "granollers", "mataro", "girona"],
        "slogan": {
            "ca": "Defensar drets és defensar la vida",
            "es": "Defender derechos es defender la vida",
            "en": "Defending rights is defending life",
        },
        "intro": {
            "ca": "Sis ciutats, cinc defensores i defensors, una setmana i mitja de trobades.",
            "es": "Seis ciudades, cinco defensoras y defensores, semana y media de encuentros.",
            "en": "Six cities, five defenders, a week and a half of meetings.",
        },
    },
    {
        "number": 17,
        "year": 2027,
        "season": "spring",
        "start": "2027-04-12",
        "end": "2027-04-21",
        "cities": ["sabadell", "terrassa", "sant-boi-de-llobregat", "reus", "castelldefels", "viladecans", "rubi"],
        "slogan": {"ca": "Ciutats que escolten", "es": "Ciudades que escuchan", "en": "Cities that listen"},
        "intro": {
            "ca": "La gira de primavera torna amb set ciutats i un programa obert a tothom.",
            "es": "La gira de primavera vuelve con siete ciudades y un programa abierto a todo el mundo.",
            "en": "The spring tour is back with seven cities and a programme open to everyone.",
        },
    },
]

PROGRAMME = {
    "intro": {
        "ca": "El programa de {city} per a aquesta gira.",
        "es": "El programa de {city} para esta gira.",
        "en": "{city}'s programme for this tour.",
    },
    "partners": {
        "ca": "Entitats locals de drets humans i la biblioteca municipal",
        "es": "Entidades locales de derechos humanos y la biblioteca municipal",
        "en": "Local human rights organisations and the public library",
    },
}

# (event type, audience or "" for the type's default, hour, title, venue, description)
EVENT_PLAN = [
    (
        "opening",
        "",
        19,
        {"ca": "Acte d'obertura a {city}", "es": "Acto de apertura en {city}", "en": "Opening event in {city}"},
        {"ca": "Auditori municipal", "es": "Auditorio municipal", "en": "Municipal auditorium"},
        {
            "ca": "Benvinguda i presentació de les persones defensores.",
            "es": "Bienvenida y presentación de las personas defensoras.",
            "en": "Welcome and introduction of the defenders.",
        },
    ),
    (
        "talk",
        "",
        18,
        {"ca": "Xerrada: defensar la terra", "es": "Charla: defender la tierra", "en": "Talk: defending the land"},
        {"ca": "Biblioteca central", "es": "Biblioteca central", "en": "Central library"},
        {
            "ca": "Una conversa oberta sobre el dret a la terra i al territori.",
            "es": "Una conversación abierta sobre el derecho a la tierra y al territorio.",
            "en": "An open conversation on the right to land and territory.",
        },
    ),
    (
        "school_visit",
        "",
        10,
        {"ca": "Visita a un institut", "es": "Visita a un instituto", "en": "Secondary school visit"},
        {"ca": "Institut de secundària", "es": "Instituto de secundaria", "en": "Secondary school"},
        {
            "ca": "Trobada amb alumnat de batxillerat.",
            "es": "Encuentro con alumnado de bachillerato.",
            "en": "Meeting with upper-secondary students.",
        },
    ),
    (
        "institutional",
        "",
        12,
        {"ca": "Trobada amb l'alcaldia", "es": "Encuentro con la alcaldía", "en": "Meeting with the mayor"},
        {"ca": "Ajuntament", "es": "Ayuntamiento", "en": "Town hall"},
        {
            "ca": "Reunió de treball amb el govern municipal.",
            "es": "Reunión de trabajo con el gobierno municipal.",
            "en": "Working meeting with the local government.",
        },
    ),
    (
        "round_table",
        "invitation",
        17,
        {
            "ca": "Taula rodona amb entitats",
            "es": "Mesa redonda con entidades",
            "en": "Round table with local organisations",
        },
        {"ca": "Casal cívic", "es": "Centro cívico", "en": "Civic centre"},
        {
            "ca": "Diàleg amb les entitats locals de drets humans.",
            "es": "Diálogo con las entidades locales de derechos humanos.",
            "en": "Dialogue with local human rights organisations.",
        },
    ),
    (
        "media",
        "invitation",
        9,
        {"ca": "Entrevista a la ràdio local", "es": "Entrevista en la radio local", "en": "Local radio interview"},
        {"ca": "Ràdio municipal", "es": "Radio municipal", "en": "Municipal radio"},
        {"ca": "Entrevista en directe.", "es": "Entrevista en directo.", "en": "Live interview."},
    ),
    (
        "cultural",
        "",
        20,
        {"ca": "Concert solidari", "es": "Concierto solidario", "en": "Solidarity concert"},
        {"ca": "Plaça Major", "es": "Plaza Mayor", "en": "Main square"},
        {
            "ca": "Música en directe per a tots els públics.",
            "es": "Música en directo para todos los públicos.",
            "en": "Live music for all ages.",
        },
    ),
    (
        "closing",
        "",
        19,
        {"ca": "Cloenda a {city}", "es": "Clausura en {city}", "en": "Closing event in {city}"},
        {"ca": "Teatre municipal", "es": "Teatro municipal", "en": "Municipal theatre"},
        {
            "ca": "Conclusions de la gira i comiat.",
            "es": "Conclusiones de la gira y despedida.",
            "en": "The tour's conclusions and farewell.",
        },
    ),
    (
        "other",
        "",
        11,
        {"ca": "Passejada pel barri", "es": "Paseo por el barrio", "en": "Neighbourhood walk"},
        {"ca": "Punt de trobada: estació", "es": "Punto de encuentro: estación", "en": "Meeting point: the station"},
        {"ca": "Passejada amb veïns i veïnes.", "es": "Paseo con vecinos y vecinas.", "en": "A walk with neighbours."},
    ),
]

LANGUAGES = {"ca": "català, castellà", "es": "catalán, castellano", "en": "Catalan, Spanish"}
INTERPRETATION = {
    "ca": "Interpretació simultània",
    "es": "Interpretación simultánea",
    "en": "Simultaneous interpretation",
}

# Used only when the defenders app has not created its own demo profiles. Fictional people.
DEMO_DEFENDERS = [
    (
        "demo-amara-quispe",
        "Amara Quispe",
        "public",
        "PE",
        {
            "ca": "Defensora del territori a la serralada andina.",
            "es": "Defensora del territorio en la cordillera andina.",
            "en": "Land defender in the Andes.",
        },
    ),
    (
        "demo-yusuf-adeyemi",
        "Yusuf Adeyemi",
        "public",
        "NG",
        {"ca": "Periodista d'investigació.", "es": "Periodista de investigación.", "en": "Investigative journalist."},
    ),
    (
        "demo-lina-m",
        "Lina M.",
        "limited",
        "CO",
        {
            "ca": "Defensora dels drets de les dones.",
            "es": "Defensora de los derechos de las mujeres.",
            "en": "Women's rights defender.",
        },
    ),
    (
        "demo-defensora-roure",
        "Roure",
        "protected",
        "HN",
        {
            "ca": "Defensora ambiental (pseudònim).",
            "es": "Defensora ambiental (seudónimo).",
            "en": "Environmental defender (pseudonym).",
        },
    ),
    (
        "demo-tomas-w",
        "Tomás W.",
        "limited",
        "GT",
        {
            "ca": "Advocat de comunitats indígenes.",
            "es": "Abogado de comunidades indígenas.",
            "en": "Lawyer for indigenous communities.",
        },
    ),
]
