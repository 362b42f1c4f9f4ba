"""Set-up and demo content of the defenders app, in Catalan (source), Spanish and English.

Every demo defender is FICTIONAL: invented names, organisations and stories, marked as such in each summary.
"""

INDEX = {
    "slug": "defensors",
    "ca": {"title": "Defensors i defensores", "intro": "Persones defensores dels drets humans que han visitat les nostres ciutats."},
    "es": {"title": "Defensores y defensoras", "intro": "Personas defensoras de los derechos humanos que han visitado nuestras ciudades."},
    "en": {"title": "Defenders", "intro": "Human rights defenders who have visited our cities."},
}

# slug: (ca, es, en)
THEMES = {
    "womens-rights": ("Drets de les dones", "Derechos de las mujeres", "Women's rights"),
    "lgbtiq": ("Drets LGBTIQ+", "Derechos LGBTIQ+", "LGBTIQ+ rights"),
    "migrants-refugees": ("Persones migrants i refugiades", "Personas migrantes y refugiadas", "Migrants and refugees"),
    "indigenous-peoples": ("Pobles indígenes", "Pueblos indígenas", "Indigenous peoples"),
    "land-environment": ("Territori i medi ambient", "Territorio y medio ambiente", "Land and environment"),
    "peace": ("Pau", "Paz", "Peace"),
    "memory-truth-reparation": (
        "Memòria, veritat i reparació",
        "Memoria, verdad y reparación",
        "Memory, truth and reparation",
    ),
    "freedom-of-expression": (
        "Llibertat d'expressió i de premsa",
        "Libertad de expresión y de prensa",
        "Freedom of expression and press",
    ),
    "civil-political-rights": ("Drets civils i polítics", "Derechos civiles y políticos", "Civil and political rights"),
}

FICTIONAL = {
    "ca": "Perfil fictici de demostració.",
    "es": "Perfil ficticio de demostración.",
    "en": "Fictional demonstration profile.",
}

# (slug, display name, legal name, safety level, country, region, organisation, themes, summary ca/es/en,
#  quote or None: (text, language))
DEFENDERS = [
    ("aurora-quispe", "Aurora Quispe (ficció)", "Aurora Quispe Mamani", "public", "PE", "Cusco",
     "Xarxa Andina de Dones (fictícia)", ["indigenous-peoples", "womens-rights"],
     ("Defensa els drets de les dones quítxues.", "Defiende los derechos de las mujeres quechuas.",
      "Defends the rights of Quechua women."), ("Nuestra tierra no se vende.", "es")),
    ("tomas-riveros", "Tomás Riveros (ficció)", "Tomás Riveros Lago", "public", "CO", "Cauca",
     "Col·lectiu Riu Viu (fictici)", ["land-environment", "peace"],
     ("Protegeix els rius del Cauca.", "Protege los ríos del Cauca.", "Protects the rivers of Cauca."), None),
    ("nadia-haddad", "Nadia Haddad (ficció)", "Nadia Haddad Khoury", "public", "PS", "",
     "Centre de Memòria Oberta (fictici)", ["memory-truth-reparation", "civil-political-rights"],
     ("Documenta violacions de drets humans.", "Documenta violaciones de derechos humanos.",
      "Documents human rights violations."), None),
    ("grace-wanjiru", "Grace Wanjiru (ficció)", "Grace Wanjiru Mwangi", "public", "KE", "Nairobi",
     "Veus de Kibera (fictícia)", ["womens-rights", "lgbtiq"],
     ("Acompanya dones i persones LGBTIQ+.", "Acompaña a mujeres y personas LGBTIQ+.",
      "Supports women and LGBTIQ+ people."), ("Haki haiombwi, inadaiwa.", "sw")),
    ("marisol-ortega", "Marisol Ortega (ficció)", "Marisol Ortega Ruiz", "public", "MX", "Oaxaca",
     "Ràdio Comunitària del Sud (fictícia)", ["freedom-of-expression"],
     ("Periodista de ràdio comunitària.", "Periodista de radio comunitaria.", "Community radio journalist."),
     None),
    ("joao-pereira", "João Pereira (ficció)", "João Pereira da Silva", "public", "BR", "Pará",
     "Terra Comuna (fictícia)", ["land-environment", "indigenous-peoples"],
     ("Defensa la selva amazònica.", "Defiende la selva amazónica.", "Defends the Amazon rainforest."),
     ("A floresta é a nossa casa.", "pt-BR")),
    ("ana-lucia-reyes", "Ana Lucía Reyes (ficció)", "Ana Lucía Reyes Cano", "public", "GT", "Quiché",
     "Memòria Maia (fictícia)", ["memory-truth-reparation", "indigenous-peoples"],
     ("Busca veritat per a les víctimes.", "Busca verdad para las víctimas.", "Seeks truth for victims."), None),
    ("maria-santos", "Maria Santos (ficció)", "Maria Santos Dela Cruz", "public", "PH", "Mindanao",
     "Pau a Mindanao (fictícia)", ["peace"],
     ("Media en conflictes locals.", "Media en conflictos locales.", "Mediates in local conflicts."), None),
    ("la-veu-del-riu", "La Veu del Riu", "Lucía Fernández Mora", "limited", "HN", "Atlántida",
     "Aigua per a Tothom (fictícia)", ["land-environment"],
     ("Defensa l'aigua com a bé comú.", "Defiende el agua como bien común.", "Defends water as a commons."), None),
    ("kemal", "Kemal (ficció)", "Kemal Aydın Yılmaz", "limited", "TR", "Diyarbakır",
     "Premsa Lliure (fictícia)", ["freedom-of-expression", "civil-political-rights"],
     ("Periodista independent.", "Periodista independiente.", "Independent journalist."), None),
    ("sara-m", "Sara M. (ficció)", "Sara Mahmoud Ali", "limited", "SD", "Darfur",
     "Refugi Segur (fictici)", ["migrants-refugees", "womens-rights"],
     ("Acompanya dones refugiades.", "Acompaña a mujeres refugiadas.", "Supports refugee women."), None),
    ("andres", "Andrés (ficció)", "Andrés Molina Paz", "limited", "NI", "Managua",
     "Comitè de Llibertats (fictici)", ["civil-political-rights", "lgbtiq"],
     ("Defensa presos polítics.", "Defiende a presos políticos.", "Defends political prisoners."), None),
    ("colibri", "Colibrí", "Rosa Elena Tzoc Pérez", "protected", "GT", "Huehuetenango",
     "Xarxa de Defensores (fictícia)", ["indigenous-peoples", "land-environment"],
     ("Defensora comunitària.", "Defensora comunitaria.", "Community defender."), None),
    ("alba", "Alba", "Olga Ivanova Petrova", "protected", "RU", "Moscou",
     "Observatori Cívic (fictici)", ["freedom-of-expression", "lgbtiq"],
     ("Activista per la llibertat d'expressió.", "Activista por la libertad de expresión.",
      "Free-speech activist."), None),
    ("ceiba", "Ceiba", "Miguel Ángel Torres Vega", "protected", "SV", "Morazán",
     "Comunitats per la Pau (fictícia)", ["peace", "migrants-refugees"],
     ("Acompanya persones desplaçades.", "Acompaña a personas desplazadas.", "Supports displaced people."), None),
    ("estel", "Estel", "Fatima Zahra Bennani", "protected", "CD", "Kivu del Nord",
     "Dones per la Pau (fictícia)", ["womens-rights", "peace", "memory-truth-reparation"],
     ("Atén supervivents de violència.", "Atiende a supervivientes de violencia.", "Supports survivors of violence."),
     None),
]

BIOGRAPHY = {
    "ca": "<p>{name} és una persona defensora fictícia creada per mostrar com funciona aquest lloc web.</p>",
    "es": "<p>{name} es una persona defensora ficticia creada para mostrar cómo funciona este sitio web.</p>",
    "en": "<p>{name} is a fictional defender created to show how this website works.</p>",
}
PORTRAIT_ALT = {
    "ca": "Il·lustració de colors amb les inicials de {name}",
    "es": "Ilustración de colores con las iniciales de {name}",
    "en": "Colourful illustration with the initials of {name}",
}
