"""Texts of the pages that `setup_site` creates, in Catalan (the source), Spanish and English.

Written for this site from the consortium's own description of the project (home/data/project-and-statement-2020.txt).
"""

HOME = {
    "ca": {
        "title": "Ciutats Defensores dels Drets Humans",
        "hero_title": "Ciutats que acullen qui defensa els drets humans",
        "hero_text": (
            "Dues vegades l'any, municipis catalans conviden defensores i defensors dels drets humans en risc a "
            "compartir la seva feina amb la ciutadania: xerrades, taules rodones, visites a escoles i trobades "
            "institucionals."
        ),
        "intro": (
            "<p>Un projecte conjunt del Fons Català de Cooperació al Desenvolupament, la Comissió Catalana d'Acció "
            "pel Refugi, l'Institut de Drets Humans de Catalunya i l'Institut Català Internacional per la Pau, amb "
            "una vintena de municipis.</p>"
        ),
        "search_description": "Municipis catalans que acullen defensores i defensors dels drets humans en risc.",
    },
    "es": {
        "title": "Ciudades Defensoras de los Derechos Humanos",
        "hero_title": "Ciudades que acogen a quienes defienden los derechos humanos",
        "hero_text": (
            "Dos veces al año, municipios catalanes invitan a defensoras y defensores de los derechos humanos en "
            "riesgo a compartir su trabajo con la ciudadanía: charlas, mesas redondas, visitas a escuelas y "
            "encuentros institucionales."
        ),
        "intro": (
            "<p>Un proyecto conjunto del Fons Català de Cooperació al Desenvolupament, la Comissió Catalana d'Acció "
            "pel Refugi, el Institut de Drets Humans de Catalunya y el Institut Català Internacional per la Pau, "
            "con una veintena de municipios.</p>"
        ),
        "search_description": "Municipios catalanes que acogen a defensoras y defensores de los derechos humanos en riesgo.",
    },
    "en": {
        "title": "Cities Defending Human Rights",
        "hero_title": "Cities that welcome those who defend human rights",
        "hero_text": (
            "Twice a year, Catalan municipalities invite human rights defenders at risk to share their work with "
            "local people: talks, round tables, school visits and meetings with institutions."
        ),
        "intro": (
            "<p>A joint project of the Catalan Development Cooperation Fund, the Catalan Commission for Refugee "
            "Action, the Human Rights Institute of Catalonia and the International Catalan Institute for Peace, "
            "with some twenty municipalities.</p>"
        ),
        "search_description": "Catalan municipalities that welcome human rights defenders at risk.",
    },
}

# Standard pages: slug -> language -> fields. "body" is a list of (block type, value) in the same order in every
# language, so that wagtail-localize can pair each translated block with its source.
STANDARD_PAGES = {
    "el-projecte": {
        "ca": {
            "title": "El projecte",
            "intro": "Ciutats catalanes que fan visible la feina de qui defensa els drets humans i denuncien la persecució que pateix.",
            "search_description": "Què és Ciutats Defensores dels Drets Humans, com funciona i quins objectius té.",
            "body": [
                ("heading", {"text": "Una tradició municipal", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Els municipis catalans tenen una llarga trajectòria en la defensa dels drets humans, tant a casa com arreu del món: mocions, campanyes de sensibilització, projectes de cooperació i l'acollida de persones defensores en risc.</p>",
                ),
                ("heading", {"text": "Com funciona", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Cada any hi ha dues gires, a la primavera i a la tardor, amb ciutats diferents. Durant vuit a dotze dies, un grup de defensores i defensors participa en conferències, taules rodones, trobades institucionals, entrevistes i visites a centres educatius.</p>",
                ),
                ("heading", {"text": "Objectius", "level": "h2"}),
                (
                    "paragraph",
                    "<ul><li>Fer visible i donar suport a la feina de les persones defensores i enfortir les xarxes que les protegeixen.</li><li>Explicar les causes i els efectes dels conflictes que viuen als seus països.</li><li>Promoure l'activisme pels drets humans entre la ciutadania dels municipis participants.</li></ul>",
                ),
            ],
        },
        "es": {
            "title": "El proyecto",
            "intro": "Ciudades catalanas que hacen visible el trabajo de quienes defienden los derechos humanos y denuncian la persecución que sufren.",
            "search_description": "Qué es Ciudades Defensoras de los Derechos Humanos, cómo funciona y cuáles son sus objetivos.",
            "body": [
                ("heading", {"text": "Una tradición municipal", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Los municipios catalanes tienen una larga trayectoria en la defensa de los derechos humanos, tanto en casa como en todo el mundo: mociones, campañas de sensibilización, proyectos de cooperación y la acogida de personas defensoras en riesgo.</p>",
                ),
                ("heading", {"text": "Cómo funciona", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Cada año hay dos giras, en primavera y en otoño, con ciudades distintas. Durante ocho a doce días, un grupo de defensoras y defensores participa en conferencias, mesas redondas, encuentros institucionales, entrevistas y visitas a centros educativos.</p>",
                ),
                ("heading", {"text": "Objetivos", "level": "h2"}),
                (
                    "paragraph",
                    "<ul><li>Hacer visible y apoyar el trabajo de las personas defensoras y fortalecer las redes que las protegen.</li><li>Explicar las causas y los efectos de los conflictos que viven en sus países.</li><li>Promover el activismo por los derechos humanos entre la ciudadanía de los municipios participantes.</li></ul>",
                ),
            ],
        },
        "en": {
            "title": "The project",
            "intro": "Catalan cities that make the work of human rights defenders visible and speak out against the persecution they suffer.",
            "search_description": "What Cities Defending Human Rights is, how it works and what it aims for.",
            "body": [
                ("heading", {"text": "A municipal tradition", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Catalan municipalities have a long record of defending human rights, at home and around the world: council motions, awareness campaigns, cooperation projects and the welcome of defenders at risk.</p>",
                ),
                ("heading", {"text": "How it works", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Every year there are two tours, in spring and in autumn, each with different cities. For eight to twelve days a group of defenders takes part in lectures, round tables, meetings with institutions, interviews and school visits.</p>",
                ),
                ("heading", {"text": "Objectives", "level": "h2"}),
                (
                    "paragraph",
                    "<ul><li>Make the work of defenders visible, support it and strengthen the networks that protect them.</li><li>Explain the roots and effects of the conflicts in their home countries.</li><li>Encourage human rights activism among the people of the participating municipalities.</li></ul>",
                ),
            ],
        },
    },
    "qui-som": {
        "ca": {
            "title": "Qui som",
            "intro": "Quatre institucions catalanes impulsen el projecte amb els ajuntaments que hi participen cada any.",
            "search_description": "Les institucions fundadores i els municipis de Ciutats Defensores dels Drets Humans.",
            "body": [
                ("heading", {"text": "Les institucions fundadores", "level": "h2"}),
                (
                    "paragraph",
                    "<p>El Fons Català de Cooperació al Desenvolupament, la Comissió Catalana d'Acció pel Refugi, l'Institut de Drets Humans de Catalunya i l'Institut Català Internacional per la Pau coordinen el projecte, seleccionen les persones defensores i acompanyen les gires.</p>",
                ),
                ("heading", {"text": "Els municipis", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Cada edició hi participen una vintena d'ajuntaments, que organitzen el programa local i s'adhereixen a la declaració institucional de l'any. Hi col·laboren també altres institucions catalanes.</p>",
                ),
            ],
        },
        "es": {
            "title": "Quiénes somos",
            "intro": "Cuatro instituciones catalanas impulsan el proyecto con los ayuntamientos que participan cada año.",
            "search_description": "Las instituciones fundadoras y los municipios de Ciudades Defensoras de los Derechos Humanos.",
            "body": [
                ("heading", {"text": "Las instituciones fundadoras", "level": "h2"}),
                (
                    "paragraph",
                    "<p>El Fons Català de Cooperació al Desenvolupament, la Comissió Catalana d'Acció pel Refugi, el Institut de Drets Humans de Catalunya y el Institut Català Internacional per la Pau coordinan el proyecto, seleccionan a las personas defensoras y acompañan las giras.</p>",
                ),
                ("heading", {"text": "Los municipios", "level": "h2"}),
                (
                    "paragraph",
                    "<p>En cada edición participan una veintena de ayuntamientos, que organizan el programa local y se adhieren a la declaración institucional del año. También colaboran otras instituciones catalanas.</p>",
                ),
            ],
        },
        "en": {
            "title": "Who we are",
            "intro": "Four Catalan institutions run the project together with the councils that take part each year.",
            "search_description": "The founding institutions and the municipalities of Cities Defending Human Rights.",
            "body": [
                ("heading", {"text": "The founding institutions", "level": "h2"}),
                (
                    "paragraph",
                    "<p>The Catalan Development Cooperation Fund, the Catalan Commission for Refugee Action, the Human Rights Institute of Catalonia and the International Catalan Institute for Peace coordinate the project, choose the defenders and accompany the tours.</p>",
                ),
                ("heading", {"text": "The municipalities", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Some twenty councils take part in each edition: they organise the local programme and endorse that year's institutional statement. Other Catalan institutions collaborate too.</p>",
                ),
            ],
        },
    },
}

# Descriptions of the founding institutions (names stay in their official Catalan form, acronyms are synchronised).
INSTITUTION_DESCRIPTIONS = {
    "FCCD": {
        "ca": "Entitat municipalista que agrupa ajuntaments i institucions per a la cooperació al desenvolupament.",
        "es": "Entidad municipalista que agrupa ayuntamientos e instituciones para la cooperación al desarrollo.",
        "en": "An association of councils and institutions working together on development cooperation.",
    },
    "CCAR": {
        "ca": "Entitat que defensa el dret d'asil i acompanya les persones refugiades a Catalunya.",
        "es": "Entidad que defiende el derecho de asilo y acompaña a las personas refugiadas en Cataluña.",
        "en": "An organisation that defends the right to asylum and supports refugees in Catalonia.",
    },
    "IDHC": {
        "ca": "Institut que promou i defensa els drets humans a través de la formació, la recerca i la incidència.",
        "es": "Instituto que promueve y defiende los derechos humanos mediante la formación, la investigación y la incidencia.",
        "en": "An institute that promotes and defends human rights through training, research and advocacy.",
    },
    "ICIP": {
        "ca": "Institut públic que treballa per la pau, la prevenció i la transformació de conflictes.",
        "es": "Instituto público que trabaja por la paz, la prevención y la transformación de conflictos.",
        "en": "A public institute working for peace and for the prevention and transformation of conflicts.",
    },
}

# The open-data page (home/opendata.py lists the datasets; this is its text).
OPEN_DATA = {
    "ca": {
        "title": "Dades obertes",
        "intro": "Descarregueu en CSV o JSON les dades públiques del projecte: persones defensores, actes de les gires i adhesions a la declaració institucional.",
        "search_description": "Dades obertes del projecte en CSV i JSON, amb la seva llicència.",
    },
    "es": {
        "title": "Datos abiertos",
        "intro": "Descargue en CSV o JSON los datos públicos del proyecto: personas defensoras, actos de las giras y adhesiones a la declaración institucional.",
        "search_description": "Datos abiertos del proyecto en CSV y JSON, con su licencia.",
    },
    "en": {
        "title": "Open data",
        "intro": "Download the project's public data as CSV or JSON: human rights defenders, tour events and endorsements of the institutional statement.",
        "search_description": "The project's open data in CSV and JSON, with its licence.",
    },
}

# Pages every site has (created by setup_site, not only in demo), linked from the footer rather than the menu.
FOOTER_PAGES = {
    "accessibilitat": {
        "ca": {
            "title": "Declaració d'accessibilitat",
            "intro": "El consorci es compromet a fer accessible aquest lloc web d'acord amb el Reial decret 1112/2018 i la norma EN 301 549 (WCAG 2.1, nivell AA).",
            "search_description": "Estat de compliment, limitacions conegudes i com comunicar-nos problemes d'accessibilitat.",
            "body": [
                ("heading", {"text": "Situació de compliment", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Aquest lloc web és parcialment conforme amb el Reial decret 1112/2018 a causa de les limitacions que s'indiquen a continuació.</p>",
                ),
                ("heading", {"text": "Limitacions conegudes", "level": "h2"}),
                (
                    "paragraph",
                    "<ul><li>Alguns documents PDF antics no estan etiquetats per a lectors de pantalla.</li><li>Els vídeos enllaçats s'allotgen en altres plataformes i poden no tenir subtítols en les tres llengües.</li></ul>",
                ),
                ("heading", {"text": "Com s'ha revisat", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Darrera revisió: 28 de novembre de 2026, amb proves automàtiques (axe-core, regles WCAG 2.1 A i AA) a totes les plantilles en les tres llengües i proves manuals amb el teclat.</p>",
                ),
                ("heading", {"text": "Comunicacions i queixes", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Si trobeu una barrera, escriviu a accessibilitat@ciutatsdefensores.cat; us respondrem en un màxim de 20 dies hàbils. Si la resposta no és satisfactòria, podeu presentar una reclamació a l'Oficina d'Accessibilitat Web de la Generalitat de Catalunya.</p>",
                ),
            ],
        },
        "es": {
            "title": "Declaración de accesibilidad",
            "intro": "El consorcio se compromete a hacer accesible este sitio web de acuerdo con el Real Decreto 1112/2018 y la norma EN 301 549 (WCAG 2.1, nivel AA).",
            "search_description": "Estado de cumplimiento, limitaciones conocidas y cómo comunicarnos problemas de accesibilidad.",
            "body": [
                ("heading", {"text": "Situación de cumplimiento", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Este sitio web es parcialmente conforme con el Real Decreto 1112/2018 debido a las limitaciones que se indican a continuación.</p>",
                ),
                ("heading", {"text": "Limitaciones conocidas", "level": "h2"}),
                (
                    "paragraph",
                    "<ul><li>Algunos documentos PDF antiguos no están etiquetados para lectores de pantalla.</li><li>Los vídeos enlazados se alojan en otras plataformas y pueden no tener subtítulos en los tres idiomas.</li></ul>",
                ),
                ("heading", {"text": "Cómo se ha revisado", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Última revisión: 28 de noviembre de 2026, con pruebas automáticas (axe-core, reglas WCAG 2.1 A y AA) en todas las plantillas en los tres idiomas y pruebas manuales con el teclado.</p>",
                ),
                ("heading", {"text": "Comunicaciones y quejas", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Si encuentra una barrera, escriba a accessibilitat@ciutatsdefensores.cat; le responderemos en un máximo de 20 días hábiles. Si la respuesta no es satisfactoria, puede presentar una reclamación ante la Oficina de Accesibilidad Web de la Generalitat de Cataluña.</p>",
                ),
            ],
        },
        "en": {
            "title": "Accessibility statement",
            "intro": "The consortium is committed to making this website accessible in line with Royal Decree 1112/2018 and standard EN 301 549 (WCAG 2.1, level AA).",
            "search_description": "Compliance status, known limitations and how to report accessibility problems to us.",
            "body": [
                ("heading", {"text": "Compliance status", "level": "h2"}),
                (
                    "paragraph",
                    "<p>This website is partially compliant with Royal Decree 1112/2018 because of the limitations listed below.</p>",
                ),
                ("heading", {"text": "Known limitations", "level": "h2"}),
                (
                    "paragraph",
                    "<ul><li>Some older PDF documents are not tagged for screen readers.</li><li>Linked videos are hosted on other platforms and may lack captions in all three languages.</li></ul>",
                ),
                ("heading", {"text": "How it was reviewed", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Last review: 28 November 2026, with automated tests (axe-core, WCAG 2.1 A and AA rules) on every template in all three languages, and manual keyboard testing.</p>",
                ),
                ("heading", {"text": "Feedback and complaints", "level": "h2"}),
                (
                    "paragraph",
                    "<p>If you meet a barrier, write to accessibilitat@ciutatsdefensores.cat; we will answer within 20 working days. If the answer does not satisfy you, you can complain to the Web Accessibility Office of the Government of Catalonia.</p>",
                ),
            ],
        },
    },
    "privacitat": {
        "ca": {
            "title": "Avís de privacitat",
            "intro": "Què fem amb les dades que ens confieu i quant temps les guardem.",
            "search_description": "Avís de privacitat: dades del formulari de contacte, termini de conservació i drets.",
            "body": [
                ("heading", {"text": "Sense rastreig", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Aquest lloc no fa servir galetes de seguiment, analítica de tercers ni recursos carregats des d'altres servidors.</p>",
                ),
                ("heading", {"text": "Missatges de contacte", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Els missatges del formulari de contacte només els llegeixen les persones moderadores del consorci i s'esborren automàticament al cap de 180 dies.</p>",
                ),
                ("heading", {"text": "Els vostres drets", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Podeu demanar l'accés, la rectificació o la supressió de les vostres dades escrivint a privacitat@ciutatsdefensores.cat.</p>",
                ),
            ],
        },
        "es": {
            "title": "Aviso de privacidad",
            "intro": "Qué hacemos con los datos que nos confía y cuánto tiempo los guardamos.",
            "search_description": "Aviso de privacidad: datos del formulario de contacto, plazo de conservación y derechos.",
            "body": [
                ("heading", {"text": "Sin rastreo", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Este sitio no usa cookies de seguimiento, analítica de terceros ni recursos cargados desde otros servidores.</p>",
                ),
                ("heading", {"text": "Mensajes de contacto", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Los mensajes del formulario de contacto solo los leen las personas moderadoras del consorcio y se borran automáticamente al cabo de 180 días.</p>",
                ),
                ("heading", {"text": "Sus derechos", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Puede pedir el acceso, la rectificación o la supresión de sus datos escribiendo a privacitat@ciutatsdefensores.cat.</p>",
                ),
            ],
        },
        "en": {
            "title": "Privacy notice",
            "intro": "What we do with the data you entrust to us, and how long we keep it.",
            "search_description": "Privacy notice: contact form data, how long it is kept, and your rights.",
            "body": [
                ("heading", {"text": "No tracking", "level": "h2"}),
                (
                    "paragraph",
                    "<p>This site uses no tracking cookies, no third-party analytics and no resources loaded from other servers.</p>",
                ),
                ("heading", {"text": "Contact messages", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Messages sent through the contact form are read only by the consortium's moderators and are deleted automatically after 180 days.</p>",
                ),
                ("heading", {"text": "Your rights", "level": "h2"}),
                (
                    "paragraph",
                    "<p>You can ask to see, correct or delete your data by writing to privacitat@ciutatsdefensores.cat.</p>",
                ),
            ],
        },
    },
}
