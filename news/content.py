"""Texts of the news area: the news index (every site) and fictional news items (demo only), in Catalan (the
source), Spanish and English."""

NEWS_INDEX = {
    "ca": {"title": "Notícies", "intro": "Novetats del projecte, de les gires i de les persones defensores."},
    "es": {"title": "Noticias", "intro": "Novedades del proyecto, de las giras y de las personas defensoras."},
    "en": {"title": "News", "intro": "News from the project, its tours and the defenders."},
}

# Demo news (fictional): slug -> date, category, the slug of the tour a press release is about, language -> fields.
DEMO_NEWS = {
    "comenca-la-gira-de-tardor-2026": {
        "date": "2026-10-01",
        "category": "press_release",
        "tour": "tardor-2026",
        "ca": {
            "title": "Comença la gira de tardor a sis ciutats",
            "intro": "Del 5 al 14 d'octubre, Sabadell, Terrassa, Sant Boi, Granollers, Mataró i Girona acullen xerrades, taules rodones i visites a escoles.",
            "body": [
                (
                    "paragraph",
                    "<p>Les persones defensores arriben de diversos països. Algunes hi participen amb un nom escollit o un pseudònim per la seva seguretat; les entrevistes es gestionen a través de l'oficina de premsa.</p>",
                )
            ],
        },
        "es": {
            "title": "Empieza la gira de otoño en seis ciudades",
            "intro": "Del 5 al 14 de octubre, Sabadell, Terrassa, Sant Boi, Granollers, Mataró y Girona acogen charlas, mesas redondas y visitas a escuelas.",
            "body": [
                (
                    "paragraph",
                    "<p>Las personas defensoras llegan de varios países. Algunas participan con un nombre elegido o un seudónimo por su seguridad; las entrevistas se gestionan a través de la oficina de prensa.</p>",
                )
            ],
        },
        "en": {
            "title": "The autumn tour begins in six cities",
            "intro": "From 5 to 14 October, Sabadell, Terrassa, Sant Boi, Granollers, Mataró and Girona host talks, round tables and school visits.",
            "body": [
                (
                    "paragraph",
                    "<p>The defenders come from several countries. Some take part under a chosen name or a pseudonym for their safety; interviews are arranged through the press office.</p>",
                )
            ],
        },
    },
    "la-gira-de-primavera-2027-ja-te-ciutats": {
        "date": "2026-11-20",
        "category": "press_release",
        "tour": "primavera-2027",
        "ca": {
            "title": "La gira de primavera 2027 ja té ciutats",
            "intro": "Una desena d'ajuntaments acolliran la propera gira, que començarà a l'abril.",
            "body": [
                (
                    "paragraph",
                    "<p>El consorci ha tancat la llista de municipis de la gira de primavera. Aviat publicarem el programa de cada ciutat.</p>",
                )
            ],
        },
        "es": {
            "title": "La gira de primavera 2027 ya tiene ciudades",
            "intro": "Una decena de ayuntamientos acogerán la próxima gira, que empezará en abril.",
            "body": [
                (
                    "paragraph",
                    "<p>El consorcio ha cerrado la lista de municipios de la gira de primavera. Pronto publicaremos el programa de cada ciudad.</p>",
                )
            ],
        },
        "en": {
            "title": "The spring 2027 tour has its cities",
            "intro": "Some ten councils will host the next tour, which starts in April.",
            "body": [
                (
                    "paragraph",
                    "<p>The consortium has closed the list of municipalities for the spring tour. Each city's programme will be published soon.</p>",
                )
            ],
        },
    },
    "balanc-de-la-gira-de-tardor": {
        "date": "2026-10-30",
        "category": "news",
        "ca": {
            "title": "Balanç de la gira de tardor",
            "intro": "Més de quaranta activitats en set municipis i milers d'estudiants participants.",
            "body": [
                (
                    "paragraph",
                    "<p>Les persones defensores han visitat instituts, han parlat amb els plens municipals i han compartit taula amb entitats locals.</p>",
                )
            ],
        },
        "es": {
            "title": "Balance de la gira de otoño",
            "intro": "Más de cuarenta actividades en siete municipios y miles de estudiantes participantes.",
            "body": [
                (
                    "paragraph",
                    "<p>Las personas defensoras han visitado institutos, han hablado con los plenos municipales y han compartido mesa con entidades locales.</p>",
                )
            ],
        },
        "en": {
            "title": "The autumn tour in review",
            "intro": "More than forty activities in seven municipalities, with thousands of students taking part.",
            "body": [
                (
                    "paragraph",
                    "<p>The defenders visited secondary schools, spoke to council plenaries and shared round tables with local organisations.</p>",
                )
            ],
        },
    },
    "oberta-l-adhesio-a-la-declaracio-2026": {
        "date": "2026-11-02",
        "category": "news",
        "ca": {
            "title": "Oberta l'adhesió a la declaració 2026",
            "intro": "Els ajuntaments ja poden adherir-se a la declaració institucional d'enguany.",
            "body": [
                (
                    "paragraph",
                    "<p>Cada municipi pot registrar l'acord del ple, de la junta de govern o el decret d'alcaldia des del seu espai d'administració.</p>",
                )
            ],
        },
        "es": {
            "title": "Abierta la adhesión a la declaración 2026",
            "intro": "Los ayuntamientos ya pueden adherirse a la declaración institucional de este año.",
            "body": [
                (
                    "paragraph",
                    "<p>Cada municipio puede registrar el acuerdo del pleno, de la junta de gobierno o el decreto de alcaldía desde su espacio de administración.</p>",
                )
            ],
        },
        "en": {
            "title": "Endorsements of the 2026 statement are open",
            "intro": "Councils can now endorse this year's institutional statement.",
            "body": [
                (
                    "paragraph",
                    "<p>Each municipality can record the decision of its plenary, governing board or mayoral decree from its admin area.</p>",
                )
            ],
        },
    },
}
