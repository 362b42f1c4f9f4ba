"""Texts of the statements that `setup_site` creates.

2020: the consortium's real institutional statement (English original in home/data/project-and-statement-2020.txt);
the Catalan source and the Spanish version are our translations of it. 2026: a demo statement written for this site.
"""

INDEX = {
    "ca": {
        "title": "Declaració institucional",
        "intro": (
            "<p>Cada any els ajuntaments participants adopten la declaració institucional del projecte. Aquí teniu "
            "el text de cada any i quins municipis l'han adoptada, quan i com.</p>"
        ),
        "search_description": "La declaració institucional de cada any i els municipis que l'han adoptada.",
    },
    "es": {
        "title": "Declaración institucional",
        "intro": (
            "<p>Cada año los ayuntamientos participantes adoptan la declaración institucional del proyecto. Aquí "
            "tenéis el texto de cada año y qué municipios la han adoptado, cuándo y cómo.</p>"
        ),
        "search_description": "La declaración institucional de cada año y los municipios que la han adoptado.",
    },
    "en": {
        "title": "Institutional statement",
        "intro": (
            "<p>Every year the participating councils adopt the project's institutional statement. Here is each "
            "year's text and which municipalities adopted it, when and how.</p>"
        ),
        "search_description": "Each year's institutional statement and the municipalities that adopted it.",
    },
}

STATEMENT_2020 = {
    "ca": {
        "title": "Declaració institucional 2020",
        "preamble": [
            "La defensa dels drets humans és un deure que totes les administracions democràtiques han de complir "
            "tant a escala global com local. Les ciutats tenen un paper clau en la promoció i la garantia dels drets "
            "humans, tal com reconeixen la Carta Europea de Salvaguarda dels Drets Humans a la Ciutat i la "
            "Carta-Agenda Mundial de Drets Humans a la Ciutat.",
            "En solidaritat i suport a les lluites pels drets humans que es mantenen arreu del món, diverses ciutats "
            "catalanes organitzen per vuitè any consecutiu el projecte «Ciutats Defensores dels Drets Humans», amb "
            "el suport de la societat civil i de les institucions públiques.",
            "L'objectiu d'aquest projecte és posar en valor la tasca de les persones defensores dels drets humans; "
            "persones o col·lectius que promouen i protegeixen els drets humans i les llibertats fonamentals, en "
            "particular els de les persones desplaçades, les dones, les comunitats indígenes, les persones LGBTI, "
            "les persones amb discapacitat o les que pertanyen a minories nacionals, ètniques, religioses o "
            "lingüístiques.",
            "Complim així el mandat de les Nacions Unides de 1998, adreçat a tota la comunitat internacional, de "
            "protegir les persones defensores dels drets humans, i en línia amb l'Agenda 2030 i els Objectius de "
            "Desenvolupament Sostenible (ODS), especialment els objectius 16 i 17, per a la promoció de la pau i la "
            "generació d'aliances. Moltes d'aquestes persones defensores han perdut la vida per reivindicar i "
            "exercir drets universals i d'altres han perdut la llibertat. A més, la tasca de milers d'elles es "
            "criminalitza per silenciar les seves lluites.",
            "En un context de discursos creixents d'extrema dreta, d'intolerància, de masclisme, d'homofòbia i de "
            "racisme, i de discriminació contra les persones defensores, Ciutats Defensores dels Drets Humans "
            "apel·la als principis dels drets humans com a punt d'unió i de diàleg. Qui defensa aquests principis "
            "no hauria de ser criminalitzat.",
            "En solidaritat i en suport a les persones defensores dels drets humans i a les seves lluites:",
        ],
        "commitments": [
            "Formem part del projecte «Ciutats Defensores dels Drets Humans» un any més. El 2020 el projecte tindrà "
            "dues edicions, una al març-abril i una a l'octubre.",
            "Reclamem la vigència i el ple respecte dels drets de les persones defensores dels drets humans a dur a "
            "terme la seva tasca sense riscos ni amenaces, en particular de les dones defensores, que requereixen "
            "una protecció especial, així com de les persones defensores de la terra i el medi ambient.",
            "Reclamem el ple respecte dels drets fonamentals de les persones que es veuen obligades a fugir de casa "
            "seva, amb especial cura dels drets de les dones i els infants, en totes les fases de la seva sortida "
            "del país fins al seu establiment definitiu.",
            "Recordem la situació especial de vulnerabilitat d'algunes minories i col·lectius i la indefensió a què "
            "estan exposats quan pateixen vulneracions de drets humans.",
            "Instem els governs català i espanyol a preservar i ampliar les polítiques públiques de suport a les "
            "persones defensores dels drets humans a escala internacional.",
            "Condemnem la imposició de limitacions a les activitats de les persones defensores dels drets humans, "
            "incompatibles amb el dret internacional dels drets humans. Condemnem també la seva persecució i "
            "assetjament per part de governs, organitzacions criminals i agents paraestatals.",
            "Ens comprometem a difondre la tasca de les persones defensores dels drets humans i a facilitar la "
            "reflexió i el debat al voltant de la seva tasca, reconeixent la importància de l'educació, "
            "especialment entre la joventut.",
            "Renovem el nostre compromís amb els drets humans i ens comprometem a mantenir i intensificar les "
            "polítiques públiques locals de suport a les persones defensores dels drets humans, tant en l'àmbit "
            "local com internacional.",
        ],
    },
    "es": {
        "title": "Declaración institucional 2020",
        "preamble": [
            "La defensa de los derechos humanos es un deber que todas las administraciones democráticas deben "
            "cumplir tanto a escala global como local. Las ciudades tienen un papel clave en la promoción y la "
            "garantía de los derechos humanos, tal como reconocen la Carta Europea de Salvaguarda de los Derechos "
            "Humanos en la Ciudad y la Carta-Agenda Mundial de Derechos Humanos en la Ciudad.",
            "En solidaridad y apoyo a las luchas por los derechos humanos que se mantienen en todo el mundo, "
            "diversas ciudades catalanas organizan por octavo año consecutivo el proyecto «Ciudades Defensoras de "
            "los Derechos Humanos», con el apoyo de la sociedad civil y de las instituciones públicas.",
            "El objetivo de este proyecto es poner en valor la tarea de las personas defensoras de los derechos "
            "humanos; personas o colectivos que promueven y protegen los derechos humanos y las libertades "
            "fundamentales, en particular los de las personas desplazadas, las mujeres, las comunidades indígenas, "
            "las personas LGBTI, las personas con discapacidad o las que pertenecen a minorías nacionales, étnicas, "
            "religiosas o lingüísticas.",
            "Cumplimos así el mandato de las Naciones Unidas de 1998, dirigido a toda la comunidad internacional, de "
            "proteger a las personas defensoras de los derechos humanos, y en línea con la Agenda 2030 y los "
            "Objetivos de Desarrollo Sostenible (ODS), especialmente los objetivos 16 y 17, para la promoción de la "
            "paz y la generación de alianzas. Muchas de estas personas defensoras han perdido la vida por reivindicar "
            "y ejercer derechos universales y otras han perdido la libertad. Además, la tarea de miles de ellas se "
            "criminaliza para silenciar sus luchas.",
            "En un contexto de discursos crecientes de extrema derecha, de intolerancia, de machismo, de homofobia y "
            "de racismo, y de discriminación contra las personas defensoras, Ciudades Defensoras de los Derechos "
            "Humanos apela a los principios de los derechos humanos como punto de unión y de diálogo. Quien defiende "
            "estos principios no debería ser criminalizado.",
            "En solidaridad y en apoyo a las personas defensoras de los derechos humanos y a sus luchas:",
        ],
        "commitments": [
            "Formamos parte del proyecto «Ciudades Defensoras de los Derechos Humanos» un año más. En 2020 el "
            "proyecto tendrá dos ediciones, una en marzo-abril y otra en octubre.",
            "Reclamamos la vigencia y el pleno respeto de los derechos de las personas defensoras de los derechos "
            "humanos a llevar a cabo su tarea sin riesgos ni amenazas, en particular de las mujeres defensoras, que "
            "requieren una protección especial, así como de las personas defensoras de la tierra y el medio "
            "ambiente.",
            "Reclamamos el pleno respeto de los derechos fundamentales de las personas que se ven obligadas a huir "
            "de su hogar, con especial cuidado de los derechos de las mujeres y la infancia, en todas las fases de "
            "su salida del país hasta su establecimiento definitivo.",
            "Recordamos la especial situación de vulnerabilidad de algunas minorías y colectivos y la indefensión a "
            "la que están expuestos cuando sufren vulneraciones de derechos humanos.",
            "Instamos a los gobiernos catalán y español a preservar y ampliar las políticas públicas de apoyo a las "
            "personas defensoras de los derechos humanos a escala internacional.",
            "Condenamos la imposición de limitaciones a las actividades de las personas defensoras de los derechos "
            "humanos, incompatibles con el derecho internacional de los derechos humanos. Condenamos también su "
            "persecución y acoso por parte de gobiernos, organizaciones criminales y agentes paraestatales.",
            "Nos comprometemos a difundir la tarea de las personas defensoras de los derechos humanos y a facilitar "
            "la reflexión y el debate en torno a su tarea, reconociendo la importancia de la educación, "
            "especialmente entre la juventud.",
            "Renovamos nuestro compromiso con los derechos humanos y nos comprometemos a mantener e intensificar las "
            "políticas públicas locales de apoyo a las personas defensoras de los derechos humanos, tanto en el "
            "ámbito local como internacional.",
        ],
    },
    # The consortium's own English text, as published (home/data/project-and-statement-2020.txt).
    "en": {
        "title": "Institutional statement 2020",
        "preamble": [
            "The defense of human rights is a duty that all democratic administrations must fulfil both at a global "
            "and a local level. Cities have a key role in the promotion and the guarantee of human rights, as "
            "recognized in the European Charter for Safeguarding of Human Rights in the City and the Global "
            "Charter-Agenda for Human Rights in the City.",
            "In solidarity and support with the fights for human rights that are maintained across the world, "
            "different Catalan cities organize for the eight consecutive year, the “Cities defending Humans Rights” "
            "project, with the support of civil society and public institutions.",
            "The aim of this project is to value the task of human rights defenders; individuals or collectives that "
            "promote and protect human rights and fundamental freedoms, particularly those of displaced people, "
            "women, indigenous communities, LGBTI people, people with disabilities or those belonging to national, "
            "ethnic, religious or linguistic minorities.",
            "We thus comply with the 1998 United Nations mandate, aimed at the entire international community to "
            "protect human rights defenders, and in line with the 2030 Agenda and the Sustainable Development Goals "
            "(SDGs), especially the 16th and 17th objectives, for the promotion of peace and the generation of "
            "alliances. Many of these human right defenders have lost their lives by claiming and exercising "
            "universal rights and others have lost their freedom. Moreover, the task of thousands of them is "
            "criminalized in order to silence their struggles.",
            "In a context of increasing discourses of far right ideas, intolerance, male chauvinism, homophobia and "
            "racism, and of discrimination against defenders, Cities Defending Human Rights appeals to the "
            "principles of human rights as a point of union and dialogue. Whoever defends these principles should "
            "not be criminalized.",
            "In solidarity and in support of human rights defenders and their struggles:",
        ],
        "commitments": [
            "We are part of the Project “Cities Defending Human Rights” one more year. In 2020, the Project will "
            "have two editions, one in March-April and one in October.",
            "We demand the validity and the full respect of the rights of human rights defenders to carry out their "
            "work without risks or threats, particularly of women defenders who require special protection, as well "
            "as defenders of land and the environment.",
            "We demand the full respect of the fundamental rights of people who are forced to flee their homes, with "
            "particular care for the rights of women and children, in all phases of their departure from the "
            "country until their final settlement.",
            "We recall the special situation of vulnerability of some minorities and groups and the lack of defense "
            "that they are exposed to when they suffer human rights violations.",
            "We urge the Catalan and the Spanish governments to preserve and to broaden public policies of support "
            "to human rights defenders at an international scale.",
            "We condemn the imposition of limitations to the activities of human rights defenders, incompatible with "
            "international human rights law. We also condemn their persecution and harassment by governments, "
            "criminal organizations and parastatal agents.",
            "We commit to disseminate the work of human right defenders and to facilitate the reflection and the "
            "debate around their task, recognizing the importance of education, especially amongst the youth.",
            "We renew or commitment to human rights and we are committed to maintaining and intensifying local "
            "public policies in support of human rights defenders, both locally and internationally.",
        ],
    },
}

# A demo statement for the current year, written for this site.
STATEMENT_2026 = {
    "ca": {
        "title": "Declaració institucional 2026",
        "preamble": [
            "Catorze anys després de la primera edició, les ciutats catalanes continuem obrint les nostres portes a "
            "les persones que defensen els drets humans en risc i a les seves lluites.",
            "Les amenaces contra les persones defensores no minven: la vigilància digital, la criminalització i la "
            "violència les acompanyen fins i tot lluny de casa. Per això renovem el nostre compromís:",
        ],
        "commitments": [
            "Formem part del projecte «Ciutats Defensores dels Drets Humans» un any més, amb una gira de primavera i "
            "una de tardor.",
            "Reclamem que les persones defensores puguin fer la seva feina sense riscos ni amenaces, també a internet.",
            "Ens comprometem a protegir la identitat i les dades de les persones que acollim quan la seva seguretat "
            "ho demana.",
            "Portarem la seva veu a les escoles, les biblioteques i els espais de la nostra ciutat.",
            "Mantindrem i intensificarem les polítiques públiques locals de suport a les persones defensores dels "
            "drets humans.",
        ],
    },
    "es": {
        "title": "Declaración institucional 2026",
        "preamble": [
            "Catorce años después de la primera edición, las ciudades catalanas seguimos abriendo nuestras puertas "
            "a las personas que defienden los derechos humanos en riesgo y a sus luchas.",
            "Las amenazas contra las personas defensoras no disminuyen: la vigilancia digital, la criminalización y "
            "la violencia las acompañan incluso lejos de casa. Por eso renovamos nuestro compromiso:",
        ],
        "commitments": [
            "Formamos parte del proyecto «Ciudades Defensoras de los Derechos Humanos» un año más, con una gira de "
            "primavera y una de otoño.",
            "Reclamamos que las personas defensoras puedan hacer su trabajo sin riesgos ni amenazas, también en "
            "internet.",
            "Nos comprometemos a proteger la identidad y los datos de las personas que acogemos cuando su seguridad "
            "lo requiere.",
            "Llevaremos su voz a las escuelas, las bibliotecas y los espacios de nuestra ciudad.",
            "Mantendremos e intensificaremos las políticas públicas locales de apoyo a las personas defensoras de "
            "los derechos humanos.",
        ],
    },
    "en": {
        "title": "Institutional statement 2026",
        "preamble": [
            "Fourteen years after the first edition, Catalan cities keep opening their doors to people who defend "
            "human rights at risk, and to their struggles.",
            "Threats against defenders are not diminishing: digital surveillance, criminalisation and violence "
            "follow them even far from home. That is why we renew our commitment:",
        ],
        "commitments": [
            "We are part of the “Cities Defending Human Rights” project one more year, with a spring and an autumn "
            "tour.",
            "We demand that defenders can do their work without risks or threats, online too.",
            "We commit to protecting the identity and data of the people we host when their safety requires it.",
            "We will bring their voice to the schools, libraries and public spaces of our city.",
            "We will maintain and intensify local public policies in support of human rights defenders.",
        ],
    },
}
