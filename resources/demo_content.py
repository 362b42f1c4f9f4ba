"""Texts of the resources area: the directory page (every site) and eight fictional teaching proposals
(demo only), in Catalan (the source), Spanish and English. Every person and school named here is fictional."""

RESOURCE_INDEX = {
    "ca": {
        "title": "Recursos educatius",
        "intro": "Propostes didàctiques per treballar els drets humans a l'aula, a partir de les defensores i els defensors que visiten els nostres municipis.",
    },
    "es": {
        "title": "Recursos educativos",
        "intro": "Propuestas didácticas para trabajar los derechos humanos en el aula, a partir de las defensoras y los defensores que visitan nuestros municipios.",
    },
    "en": {
        "title": "Teaching resources",
        "intro": "Classroom activities on human rights, built around the defenders who visit our towns and cities.",
    },
}

DOCUMENT_DESCRIPTIONS = {
    "ca": {
        "ca": "Dossier per al professorat (català)",
        "es": "Dossier per al professorat (castellà)",
        "en": "Dossier per al professorat (anglès)",
    },
    "es": {
        "ca": "Dosier para el profesorado (catalán)",
        "es": "Dosier para el profesorado (castellano)",
        "en": "Dosier para el profesorado (inglés)",
    },
    "en": {
        "ca": "Teachers' dossier (Catalan)",
        "es": "Teachers' dossier (Spanish)",
        "en": "Teachers' dossier (English)",
    },
}

# `theme`: the slug of the defenders' Theme each proposal belongs to (linked by `setup.link_demo`).
DEMO_RESOURCES = [
    {
        "slug": "la-terra-i-qui-la-defensa",
        "level": "secondary",
        "year": 2024,
        "sessions": 2,
        "minutes": 110,
        "licence": "cc-by-sa-4.0",
        "theme": "land-environment",
        "documents": ["ca", "es", "en"],
        "ca": {
            "title": "La terra i qui la defensa",
            "summary": "Qui protegeix els rius i els boscos, i per què hi arrisca la vida? Una proposta per a ESO a partir de la història d'una defensora fictícia.",
            "goals": [
                "Relacionar el dret a un medi ambient sa amb els altres drets humans.",
                "Reconèixer la feina de les persones defensores del territori.",
            ],
            "steps": [
                (
                    "Mapa de conflictes",
                    30,
                    "<p>Per grups, l'alumnat situa en un mapa tres conflictes ambientals i hi anota qui hi surt perjudicat.</p>",
                ),
                (
                    "Carta a una defensora",
                    25,
                    "<p>Cada grup escriu una carta de suport a la defensora de la història.</p>",
                ),
            ],
        },
        "es": {
            "title": "La tierra y quien la defiende",
            "summary": "¿Quién protege los ríos y los bosques, y por qué arriesga la vida? Una propuesta para ESO a partir de la historia de una defensora ficticia.",
            "goals": [
                "Relacionar el derecho a un medio ambiente sano con los demás derechos humanos.",
                "Reconocer el trabajo de las personas defensoras del territorio.",
            ],
            "steps": [
                (
                    "Mapa de conflictos",
                    30,
                    "<p>Por grupos, el alumnado sitúa en un mapa tres conflictos ambientales y anota quién sale perjudicado.</p>",
                ),
                (
                    "Carta a una defensora",
                    25,
                    "<p>Cada grupo escribe una carta de apoyo a la defensora de la historia.</p>",
                ),
            ],
        },
        "en": {
            "title": "The land and those who defend it",
            "summary": "Who protects rivers and forests, and why do they risk their lives? A secondary-school activity built on the story of a fictional defender.",
            "goals": [
                "Link the right to a healthy environment with other human rights.",
                "Recognise the work of land and environmental defenders.",
            ],
            "steps": [
                (
                    "Map of conflicts",
                    30,
                    "<p>In groups, pupils place three environmental conflicts on a map and note who is harmed.</p>",
                ),
                (
                    "A letter to a defender",
                    25,
                    "<p>Each group writes a letter of support to the defender in the story.</p>",
                ),
            ],
        },
    },
    {
        "slug": "paraules-que-protegeixen",
        "level": "primary",
        "year": 2024,
        "sessions": 1,
        "minutes": 55,
        "licence": "cc-by-4.0",
        "theme": "civil-political-rights",
        "documents": ["ca", "es"],
        "ca": {
            "title": "Paraules que protegeixen",
            "summary": "Un conte i un joc per descobrir a primària que tothom té drets, i que hi ha persones que els defensen.",
            "goals": [
                "Conèixer alguns drets de la Convenció sobre els drets de l'infant.",
                "Expressar què vol dir sentir-se protegit.",
            ],
            "steps": [
                (
                    "El conte",
                    20,
                    "<p>Lectura en veu alta del conte de la Nur, una nena fictícia que ajuda la seva àvia defensora.</p>",
                ),
                ("El mural dels drets", 35, "<p>Cada infant dibuixa un dret i el penja al mural de la classe.</p>"),
            ],
        },
        "es": {
            "title": "Palabras que protegen",
            "summary": "Un cuento y un juego para descubrir en primaria que todo el mundo tiene derechos, y que hay personas que los defienden.",
            "goals": [
                "Conocer algunos derechos de la Convención sobre los derechos del niño.",
                "Expresar qué significa sentirse protegido.",
            ],
            "steps": [
                (
                    "El cuento",
                    20,
                    "<p>Lectura en voz alta del cuento de Nur, una niña ficticia que ayuda a su abuela defensora.</p>",
                ),
                (
                    "El mural de los derechos",
                    35,
                    "<p>Cada niño o niña dibuja un derecho y lo cuelga en el mural de la clase.</p>",
                ),
            ],
        },
        "en": {
            "title": "Words that protect",
            "summary": "A story and a game for primary pupils to discover that everyone has rights, and that some people defend them.",
            "goals": [
                "Learn some rights of the Convention on the Rights of the Child.",
                "Say what feeling protected means.",
            ],
            "steps": [
                (
                    "The story",
                    20,
                    "<p>Reading aloud the story of Nur, a fictional girl who helps her grandmother, a defender.</p>",
                ),
                ("The rights mural", 35, "<p>Each child draws a right and pins it to the class mural.</p>"),
            ],
        },
    },
    {
        "slug": "periodistes-en-perill",
        "level": "upper_secondary",
        "year": 2024,
        "sessions": 2,
        "minutes": 120,
        "licence": "cc-by-nc-sa-4.0",
        "theme": "freedom-of-expression",
        "documents": ["ca", "es", "en"],
        "ca": {
            "title": "Periodistes en perill",
            "summary": "Per a batxillerat i cicles: com es persegueix qui informa, i com es verifica una notícia.",
            "goals": [
                "Analitzar la llibertat d'expressió com a dret i com a risc.",
                "Practicar la verificació de fonts.",
            ],
            "steps": [
                (
                    "Tres titulars",
                    40,
                    "<p>L'alumnat compara tres titulars sobre un mateix fet i en busca les fonts.</p>",
                ),
                ("Debat", 80, "<p>Debat estructurat: fins on arriba la llibertat d'informar?</p>"),
            ],
        },
        "es": {
            "title": "Periodistas en peligro",
            "summary": "Para bachillerato y ciclos: cómo se persigue a quien informa, y cómo se verifica una noticia.",
            "goals": [
                "Analizar la libertad de expresión como derecho y como riesgo.",
                "Practicar la verificación de fuentes.",
            ],
            "steps": [
                (
                    "Tres titulares",
                    40,
                    "<p>El alumnado compara tres titulares sobre un mismo hecho y busca sus fuentes.</p>",
                ),
                ("Debate", 80, "<p>Debate estructurado: ¿hasta dónde llega la libertad de informar?</p>"),
            ],
        },
        "en": {
            "title": "Journalists in danger",
            "summary": "For upper secondary and vocational students: how reporters are persecuted, and how a news story is checked.",
            "goals": ["Analyse freedom of expression as a right and as a risk.", "Practise checking sources."],
            "steps": [
                (
                    "Three headlines",
                    40,
                    "<p>Students compare three headlines about the same event and look for their sources.</p>",
                ),
                ("Debate", 80, "<p>A structured debate: how far does the freedom to inform go?</p>"),
            ],
        },
    },
    {
        "slug": "dones-que-obren-cami",
        "level": "secondary",
        "year": 2023,
        "sessions": 1,
        "minutes": 55,
        "licence": "cc-by-sa-4.0",
        "theme": "womens-rights",
        "documents": ["ca", "es", "en"],
        "ca": {
            "title": "Dones que obren camí",
            "summary": "Biografies curtes de defensores fictícies per parlar d'igualtat i de violència de gènere a l'ESO.",
            "goals": [
                "Identificar obstacles específics de les dones defensores.",
                "Construir una línia del temps col·lectiva.",
            ],
            "steps": [
                ("Biografies", 25, "<p>Lectura per parelles d'una biografia curta.</p>"),
                (
                    "Línia del temps",
                    30,
                    "<p>Cada parella afegeix la seva defensora a la línia del temps de la classe.</p>",
                ),
            ],
        },
        "es": {
            "title": "Mujeres que abren camino",
            "summary": "Biografías cortas de defensoras ficticias para hablar de igualdad y de violencia de género en la ESO.",
            "goals": [
                "Identificar obstáculos específicos de las mujeres defensoras.",
                "Construir una línea del tiempo colectiva.",
            ],
            "steps": [
                ("Biografías", 25, "<p>Lectura por parejas de una biografía corta.</p>"),
                ("Línea del tiempo", 30, "<p>Cada pareja añade su defensora a la línea del tiempo de la clase.</p>"),
            ],
        },
        "en": {
            "title": "Women who open the way",
            "summary": "Short biographies of fictional women defenders to talk about equality and gender violence in secondary school.",
            "goals": ["Identify obstacles women defenders face.", "Build a shared timeline."],
            "steps": [
                ("Biographies", 25, "<p>Pupils read a short biography in pairs.</p>"),
                ("Timeline", 30, "<p>Each pair adds its defender to the class timeline.</p>"),
            ],
        },
    },
    {
        "slug": "refugi-i-acollida",
        "level": "adults",
        "year": 2023,
        "sessions": 1,
        "minutes": 90,
        "licence": "cc-by-4.0",
        "theme": "migrants-refugees",
        "documents": ["ca", "es"],
        "ca": {
            "title": "Refugi i acollida",
            "summary": "Taller per a grups d'adults i associacions: què és el dret d'asil i com pot acollir un municipi.",
            "goals": [
                "Conèixer el dret d'asil i el procediment bàsic.",
                "Imaginar accions d'acollida al propi municipi.",
            ],
            "steps": [
                ("Què és l'asil", 40, "<p>Exposició breu i preguntes a partir d'un cas fictici.</p>"),
                ("El nostre municipi", 50, "<p>Per grups, proposta de tres accions d'acollida.</p>"),
            ],
        },
        "es": {
            "title": "Refugio y acogida",
            "summary": "Taller para grupos de adultos y asociaciones: qué es el derecho de asilo y cómo puede acoger un municipio.",
            "goals": [
                "Conocer el derecho de asilo y el procedimiento básico.",
                "Imaginar acciones de acogida en el propio municipio.",
            ],
            "steps": [
                ("Qué es el asilo", 40, "<p>Exposición breve y preguntas a partir de un caso ficticio.</p>"),
                ("Nuestro municipio", 50, "<p>Por grupos, propuesta de tres acciones de acogida.</p>"),
            ],
        },
        "en": {
            "title": "Refuge and welcome",
            "summary": "A workshop for adult groups and associations: what the right to asylum is and how a town can welcome people.",
            "goals": [
                "Understand the right to asylum and the basic procedure.",
                "Imagine welcoming actions in one's own town.",
            ],
            "steps": [
                ("What asylum is", 40, "<p>A short talk and questions about a fictional case.</p>"),
                ("Our town", 50, "<p>In groups, three proposals for welcoming actions.</p>"),
            ],
        },
    },
    {
        "slug": "la-pau-es-cosa-de-tots",
        "level": "primary",
        "year": 2023,
        "sessions": 2,
        "minutes": 100,
        "licence": "cc-by-sa-4.0",
        "theme": "peace",
        "documents": ["ca", "es", "en"],
        "ca": {
            "title": "La pau és cosa de tots",
            "summary": "Jocs cooperatius i una carta d'un poble fictici en conflicte per treballar la resolució pacífica de conflictes.",
            "goals": ["Resoldre un conflicte de classe amb diàleg.", "Entendre que la pau es construeix."],
            "steps": [
                ("Jocs cooperatius", 50, "<p>Tres jocs on només es guanya si guanya tothom.</p>"),
                ("La carta", 50, "<p>Lectura de la carta i resposta col·lectiva.</p>"),
            ],
        },
        "es": {
            "title": "La paz es cosa de todos",
            "summary": "Juegos cooperativos y una carta de un pueblo ficticio en conflicto para trabajar la resolución pacífica de conflictos.",
            "goals": ["Resolver un conflicto de clase con diálogo.", "Entender que la paz se construye."],
            "steps": [
                ("Juegos cooperativos", 50, "<p>Tres juegos en los que solo se gana si gana todo el mundo.</p>"),
                ("La carta", 50, "<p>Lectura de la carta y respuesta colectiva.</p>"),
            ],
        },
        "en": {
            "title": "Peace is everyone's business",
            "summary": "Cooperative games and a letter from a fictional village in conflict, to practise resolving conflicts peacefully.",
            "goals": ["Resolve a classroom conflict through dialogue.", "Understand that peace is built."],
            "steps": [
                ("Cooperative games", 50, "<p>Three games that are won only if everyone wins.</p>"),
                ("The letter", 50, "<p>Reading the letter and writing a class reply.</p>"),
            ],
        },
    },
    {
        "slug": "la-meva-ciutat-defensora",
        "level": "upper_secondary",
        "year": 2025,
        "sessions": 3,
        "minutes": 165,
        "licence": "cc-by-sa-4.0",
        "theme": "civil-political-rights",
        "documents": ["ca", "es", "en"],
        "ca": {
            "title": "La meva ciutat, defensora",
            "summary": "Projecte de servei comunitari: l'alumnat prepara la visita d'una persona defensora al seu municipi.",
            "goals": [
                "Dissenyar un acte públic respectuós amb la seguretat de la persona convidada.",
                "Treballar amb l'ajuntament.",
            ],
            "steps": [
                ("Preparació", 55, "<p>Recerca sobre el país i el context de la persona convidada.</p>"),
                ("Organització", 110, "<p>Repartiment de tasques: difusió, acollida, moderació.</p>"),
            ],
        },
        "es": {
            "title": "Mi ciudad, defensora",
            "summary": "Proyecto de servicio comunitario: el alumnado prepara la visita de una persona defensora a su municipio.",
            "goals": [
                "Diseñar un acto público respetuoso con la seguridad de la persona invitada.",
                "Trabajar con el ayuntamiento.",
            ],
            "steps": [
                ("Preparación", 55, "<p>Investigación sobre el país y el contexto de la persona invitada.</p>"),
                ("Organización", 110, "<p>Reparto de tareas: difusión, acogida, moderación.</p>"),
            ],
        },
        "en": {
            "title": "My city, a defender",
            "summary": "A community service project: students prepare a defender's visit to their town.",
            "goals": ["Design a public event that respects the guest's safety.", "Work with the town council."],
            "steps": [
                ("Preparation", 55, "<p>Research on the guest's country and context.</p>"),
                ("Organisation", 110, "<p>Sharing tasks: publicity, welcome, moderation.</p>"),
            ],
        },
    },
    {
        "slug": "drets-en-joc",
        "level": "secondary",
        "year": 2025,
        "sessions": 1,
        "minutes": 55,
        "licence": "cc-by-4.0",
        "theme": "indigenous-peoples",
        "documents": ["ca", "en"],
        "ca": {
            "title": "Drets en joc",
            "summary": "Un joc de rol sobre una comunitat indígena fictícia que defensa el seu territori davant d'una mina.",
            "goals": [
                "Posar-se en el lloc de diferents actors d'un conflicte.",
                "Conèixer els drets dels pobles indígenes.",
            ],
            "steps": [
                ("Rols", 15, "<p>Repartiment de rols: comunitat, empresa, govern, premsa.</p>"),
                ("Assemblea", 40, "<p>Assemblea simulada i posada en comú.</p>"),
            ],
        },
        "es": {
            "title": "Derechos en juego",
            "summary": "Un juego de rol sobre una comunidad indígena ficticia que defiende su territorio frente a una mina.",
            "goals": [
                "Ponerse en el lugar de distintos actores de un conflicto.",
                "Conocer los derechos de los pueblos indígenas.",
            ],
            "steps": [
                ("Roles", 15, "<p>Reparto de roles: comunidad, empresa, gobierno, prensa.</p>"),
                ("Asamblea", 40, "<p>Asamblea simulada y puesta en común.</p>"),
            ],
        },
        "en": {
            "title": "Rights at stake",
            "summary": "A role play about a fictional indigenous community defending its land against a mine.",
            "goals": [
                "Take the place of different parties to a conflict.",
                "Learn about the rights of indigenous peoples.",
            ],
            "steps": [
                ("Roles", 15, "<p>Sharing roles: community, company, government, press.</p>"),
                ("Assembly", 40, "<p>A simulated assembly and a class discussion.</p>"),
            ],
        },
    },
]
