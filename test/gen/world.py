"""The fixed catalogue the generator draws from: countries and their agencies,
recovery cities, source states of the dealers, firearms with the spellings
officers really type, names.

Every spelling here is one that etrace's validation accepts; the makes'
spellings share one etrace.manufacturer_key and the calibers' spellings one
etrace.caliber_canonical (test/gen/test.sh checks both against the
database).  Coordinates are the cities' centres (WGS 84, rounded).
"""

# The tracing center and the partner countries.  kind: ntc | domestic | foreign
NTC = {"ori": "USATF0001", "name": "National Tracing Center", "country": "US",
       "subdivision": "US-WV", "kind": "ntc"}

# Recovery cities: (locality, country, subdivision, lat, lon, weight,
# agency ORI, agency name).  One local agency per city submits the traces
# recovered there; a few national agencies are added below.
CITIES = [
    ("Chicago", "US", "US-IL", 41.8781, -87.6298, 9, "IL0160000", "Chicago Police Department"),
    ("Los Angeles", "US", "US-CA", 34.0522, -118.2437, 7, "CA0194200", "Los Angeles Police Department"),
    ("Houston", "US", "US-TX", 29.7604, -95.3698, 7, "TX1010000", "Houston Police Department"),
    ("Dallas", "US", "US-TX", 32.7767, -96.7970, 5, "TX0570000", "Dallas Police Department"),
    ("Phoenix", "US", "US-AZ", 33.4484, -112.0740, 5, "AZ0072300", "Phoenix Police Department"),
    ("Atlanta", "US", "US-GA", 33.7490, -84.3880, 5, "GA0600200", "Atlanta Police Department"),
    ("Baltimore", "US", "US-MD", 39.2904, -76.6122, 5, "MD0030400", "Baltimore Police Department"),
    ("Philadelphia", "US", "US-PA", 39.9526, -75.1652, 6, "PA0510000", "Philadelphia Police Department"),
    ("New York", "US", "US-NY", 40.7128, -74.0060, 6, "NY0303000", "New York City Police Department"),
    ("Miami", "US", "US-FL", 25.7617, -80.1918, 4, "FL0130600", "Miami Police Department"),
    ("Detroit", "US", "US-MI", 42.3314, -83.0458, 5, "MI8234900", "Detroit Police Department"),
    ("San Antonio", "US", "US-TX", 29.4241, -98.4936, 3, "TX0150400", "San Antonio Police Department"),
    ("El Paso", "US", "US-TX", 31.7619, -106.4850, 2, "TX0710200", "El Paso Police Department"),
    ("Tucson", "US", "US-AZ", 32.2226, -110.9747, 2, "AZ0100300", "Tucson Police Department"),
    ("Guadalajara", "MX", "MX-JAL", 20.6736, -103.3440, 4, "MXJAL0001", "Fiscalia del Estado de Jalisco"),
    ("Tijuana", "MX", "MX-BCN", 32.5149, -117.0382, 4, "MXBCN0001", "Fiscalia General del Estado de Baja California"),
    ("Ciudad Juarez", "MX", "MX-CHH", 31.6904, -106.4245, 4, "MXCHH0001", "Fiscalia General del Estado de Chihuahua"),
    ("Culiacan", "MX", "MX-SIN", 24.8091, -107.3940, 4, "MXSIN0001", "Fiscalia General del Estado de Sinaloa"),
    ("Monterrey", "MX", "MX-NLE", 25.6866, -100.3161, 3, "MXNLE0001", "Fiscalia General de Justicia de Nuevo Leon"),
    ("Hermosillo", "MX", "MX-SON", 29.0729, -110.9559, 2, "MXSON0001", "Fiscalia General de Justicia del Estado de Sonora"),
    ("Nuevo Laredo", "MX", "MX-TAM", 27.4779, -99.5496, 2, "MXTAM0001", "Fiscalia General de Justicia de Tamaulipas"),
    ("Reynosa", "MX", "MX-TAM", 26.0508, -98.2979, 2, "MXTAM0001", None),
    ("Ciudad de Mexico", "MX", "MX-CMX", 19.4326, -99.1332, 3, "MXCMX0001", "Fiscalia General de Justicia de la Ciudad de Mexico"),
    ("Acapulco", "MX", "MX-GRO", 16.8531, -99.8237, 2, "MXGRO0001", "Fiscalia General del Estado de Guerrero"),
    ("Uruapan", "MX", "MX-MIC", 19.4167, -102.0500, 2, "MXMIC0001", "Fiscalia General del Estado de Michoacan"),
    ("Toronto", "CA", "CA-ON", 43.6532, -79.3832, 2, "CAON00001", "Toronto Police Service"),
    ("Vancouver", "CA", "CA-BC", 49.2827, -123.1207, 1, "CABC00001", "Vancouver Police Department"),
    ("Guatemala", "GT", "GT-GU", 14.6349, -90.5069, 2, "GTGU00001", "Policia Nacional Civil de Guatemala"),
    ("San Pedro Sula", "HN", "HN-CR", 15.5050, -88.0250, 2, "HNCR00001", "Policia Nacional de Honduras"),
    ("Tegucigalpa", "HN", "HN-FM", 14.0723, -87.1921, 1, "HNCR00001", None),
    ("San Salvador", "SV", "SV-SS", 13.6929, -89.2182, 2, "SVSS00001", "Policia Nacional Civil de El Salvador"),
    ("Bogota", "CO", "CO-DC", 4.7110, -74.0721, 1, "CODC00001", "Policia Nacional de Colombia"),
    ("Medellin", "CO", "CO-ANT", 6.2442, -75.5812, 1, "CODC00001", None),
    ("Kingston", "JM", "JM-01", 17.9712, -76.7936, 1, "JM0100001", "Jamaica Constabulary Force"),
    ("Sao Paulo", "BR", "BR-SP", -23.5505, -46.6333, 1, "BRSP00001", "Policia Civil do Estado de Sao Paulo"),
]

# National agencies that submit no traces of their own here but take part
# (MOU, users, sharing): they exercise the agency set-up.
NATIONAL = [
    {"ori": "MXFGR0001", "name": "Fiscalia General de la Republica", "country": "MX",
     "subdivision": "MX-CMX", "kind": "foreign"},
    {"ori": "DCATF0100", "name": "ATF Field Division Washington", "country": "US",
     "subdivision": "US-DC", "kind": "domestic"},
]

# Where the guns of a recovery country were bought at retail: US states
# with weights (US guns dominate recoveries across the Americas).
SOURCE_STATES = {
    "US": [("TX", 14), ("FL", 8), ("GA", 8), ("AZ", 6), ("CA", 6), ("IL", 5), ("PA", 5), ("VA", 6),
           ("NC", 5), ("IN", 4), ("OH", 4), ("MI", 3), ("NY", 2), ("MD", 2), ("NM", 2)],
    "MX": [("TX", 45), ("AZ", 25), ("CA", 12), ("NM", 5), ("FL", 3)],
    "CA": [("MI", 10), ("NY", 10), ("WA", 8), ("OH", 4), ("PA", 4)],
    "GT": [("TX", 10), ("FL", 10), ("GA", 4)],
    "HN": [("TX", 10), ("FL", 10), ("GA", 4)],
    "SV": [("TX", 8), ("FL", 8), ("CA", 5)],
    "CO": [("FL", 12), ("TX", 5)],
    "JM": [("FL", 15), ("GA", 5), ("NY", 3)],
    "BR": [("FL", 10), ("TX", 3)],
}

# ATF region and IRS district of each state's licences, and a few of its
# counties (FIPS); plausible, not a directory.
STATE_FFL = {
    "TX": (5, [74, 75, 76], [113, 201, 29, 439, 141, 215, 453, 61]),
    "FL": (1, [59, 65], [86, 11, 95, 57, 99, 31]),
    "GA": (1, [58], [121, 89, 67, 135, 51]),
    "AZ": (9, [86], [13, 19, 5, 25]),
    "CA": (9, [33, 68, 95, 77], [37, 73, 59, 65, 71, 29]),
    "IL": (3, [36, 37], [31, 43, 197, 89]),
    "PA": (8, [23, 25], [101, 3, 91, 17]),
    "VA": (1, [54], [59, 153, 710, 760, 41]),
    "NC": (1, [56], [119, 183, 81, 67]),
    "IN": (3, [35], [97, 89, 3, 141]),
    "OH": (4, [31, 34], [35, 49, 61, 153]),
    "MI": (4, [38], [163, 125, 99, 81]),
    "NY": (6, [11, 14, 16], [29, 55, 67, 1]),
    "MD": (8, [52], [5, 33, 31, 510]),
    "NM": (5, [85], [1, 13, 35]),
    "WA": (9, [91], [33, 53, 61, 63]),
}

# Firearms: (weight, manufacturer spellings (the first is the usual one),
# country of origin, importer spellings (empty: made in the US), models
# [(model, NCIC type, caliber spellings, weight)], serial shape).
# Serial shapes: L letter, D digit, literal characters kept.
FIREARMS = [
    (16, ["Glock", "GLOCK", "Glock GmbH", "glock"], "AT", ["Glock Inc", "GLOCK, Inc.", "Glock Inc."],
     [("19", "PI", ["9mm", "9 mm Luger", "9x19", "9mm Luger", "9MM"], 5),
      ("17", "PI", ["9mm", "9x19mm", "9 mm"], 3),
      ("22", "PI", [".40 S&W", "40 SW", "40 cal"], 2),
      ("26", "PI", ["9mm", "9x19"], 2)], "LLLDDD"),
    (12, ["Smith & Wesson", "S&W", "SMITH AND WESSON", "Smith & Wesson Inc."], "US", [],
     [("M&P9 Shield", "PI", ["9mm", "9 mm Luger", "9x19"], 5),
      ("SD9VE", "PI", ["9mm", "9MM"], 3),
      ("686", "PR", [".357 Mag", "357 magnum"], 1),
      ("M&P15", "RI", ["5.56 NATO", "5.56x45"], 2)], "LLLDDDD"),
    (11, ["Ruger", "Sturm, Ruger & Co.", "STURM RUGER", "Sturm Ruger & Co Inc"], "US", [],
     [("LCP", "PI", [".380 ACP", "380 auto", "380"], 4),
      ("SR9", "PI", ["9mm", "9x19"], 2),
      ("10/22", "RI", [".22 LR", "22 lr", ".22 long rifle"], 2),
      ("GP100", "PR", [".357 Mag", "357 magnum"], 1)], "DDD-DDDDD"),
    (8, ["Taurus", "TAURUS", "Forjas Taurus", "Forjas Taurus S.A."], "BR",
     ["Taurus International", "TAURUS INTERNATIONAL MFG"],
     [("G2C", "PI", ["9mm", "9 mm", "9x19mm"], 4),
      ("PT111", "PI", ["9mm", "9MM"], 2),
      ("85", "PR", [".38 Special", "38 spl", ".38 SPL"], 2)], "LLLDDDDD"),
    (6, ["Colt", "Colt's Manufacturing", "COLT"], "US", [],
     [("AR-15", "RI", ["5.56 NATO", "5.56x45"], 3),
      ("1911", "PI", [".45 ACP", "45 auto", "45acp"], 2),
      ("Python", "PR", [".357 Mag", "357 magnum"], 1)], "LLDDDDDD"),
    (7, ["Romarm", "ROMARM", "Romarm SA"], "RO", ["Century Arms", "CENTURY INTERNATIONAL ARMS"],
     [("WASR-10", "RI", ["7.62x39", "7.62 x 39", "7.62x39mm"], 1)], "LL-DDDD-DD"),
    (3, ["FN Herstal", "FN", "FNH", "Fabrique Nationale"], "BE", ["FN America", "FNH USA"],
     [("Five-seveN", "PI", ["5.7x28", "5.7 x 28mm"], 2),
      ("PS90", "RI", ["5.7x28"], 1)], "386LDDDDD"),
    (5, ["Beretta", "Pietro Beretta", "BERETTA"], "IT", ["Beretta USA", "Beretta USA Corp"],
     [("92FS", "PI", ["9mm", "9x19", "9mm Luger"], 3),
      ("APX", "PI", ["9mm"], 1)], "LLDDDDDD"),
    (4, ["Hi-Point", "HI POINT", "Hipoint"], "US", [],
     [("C9", "PI", ["9mm", "9MM"], 3),
      ("JHP", "PI", [".45 ACP", "45 auto"], 1)], "LDDDDDD"),
    (3, ["Mossberg", "O.F. Mossberg & Sons", "MOSSBERG"], "US", [],
     [("500", "SP", ["12 ga", "12 gauge", "12GA"], 1)], "LDDDDDD"),
    (2, ["Remington", "Remington Arms", "REMINGTON"], "US", [],
     [("870", "SP", ["12 ga", "12 gauge"], 1),
      ("700", "RB", [".308 Win", "308"], 1)], "LDDDDDDDL"),
    (1, ["Barrett", "BARRETT"], "US", [],
     [("M82A1", "RI", [".50 BMG", "50 BMG", "12.7x99"], 1)], "DDDDD"),
    (2, ["Kel-Tec", "Keltec", "KELTEC CNC"], "US", [],
     [("P-3AT", "PI", [".380 ACP", "380"], 1)], "LLLDD"),
]

# NCIC offense codes (src/data/ncic_offense.tsv) with weights.
CRIME_CODES = [("5212", 30), ("5202", 12), ("5299", 8), ("0911", 8), ("1201", 6), ("1314", 8),
               ("1399", 3), ("3530", 6), ("3562", 4), ("2399", 3), ("0999", 2)]

LAST_NAMES_EN = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
                 "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris",
                 "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
                 "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter"]
FIRST_NAMES_EN = [("James", "M"), ("John", "M"), ("Robert", "M"), ("Michael", "M"), ("William", "M"),
                  ("David", "M"), ("Richard", "M"), ("Joseph", "M"), ("Thomas", "M"), ("Charles", "M"),
                  ("Mary", "F"), ("Patricia", "F"), ("Jennifer", "F"), ("Linda", "F"), ("Elizabeth", "F"),
                  ("Barbara", "F"), ("Susan", "F"), ("Jessica", "F"), ("Sarah", "F"), ("Karen", "F"),
                  ("Tyrone", "M"), ("DeShawn", "M"), ("Kevin", "M"), ("Brian", "M"), ("Ashley", "F")]
LAST_NAMES_ES = ["Garcia", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Perez", "Sanchez",
                 "Ramirez", "Torres", "Flores", "Rivera", "Gomez", "Diaz", "Reyes", "Cruz", "Morales",
                 "Ortiz", "Gutierrez", "Chavez", "Ramos", "Ruiz", "Mendoza", "Vargas", "Castillo",
                 "Jimenez", "Moreno", "Romero", "Herrera", "Medina", "Aguilar", "Vega", "De la Cruz"]
FIRST_NAMES_ES = [("Jose", "M"), ("Juan", "M"), ("Luis", "M"), ("Carlos", "M"), ("Jesus", "M"),
                  ("Miguel", "M"), ("Francisco", "M"), ("Jorge", "M"), ("Alejandro", "M"), ("Ricardo", "M"),
                  ("Maria", "F"), ("Guadalupe", "F"), ("Ana", "F"), ("Rosa", "F"), ("Veronica", "F"),
                  ("Gabriela", "F"), ("Claudia", "F"), ("Adriana", "F"), ("Jaime", "M"), ("Omar", "M")]
STREETS_EN = ["Main St", "Oak Ave", "Maple St", "Washington Blvd", "Lincoln Ave", "Park Ave", "2nd St",
              "Cedar Ln", "Elm St", "Lake Shore Dr", "Broadway", "Martin Luther King Jr Blvd"]
STREETS_ES = ["Av. Juarez", "Calle Hidalgo", "Av. Revolucion", "Calle Morelos", "Blvd. Independencia",
              "Calle 5 de Mayo", "Av. Reforma", "Calle Allende", "Av. Insurgentes", "Calle Zaragoza"]
DEALER_WORDS = ["Guns", "Firearms", "Pawn", "Outdoors", "Sporting Goods", "Gun & Pawn", "Arms",
                "Shooting Supply", "Tactical", "Trading Post"]
DEALER_PLACES = ["Lone Star", "Desert", "Border", "Gulf Coast", "Peach State", "Sunshine", "Big D",
                 "Canyon", "Prairie", "Liberty", "Eagle", "Frontier", "Patriot", "River City",
                 "Hill Country", "Coastal", "Mountain", "Valley", "Pioneer", "Heritage"]
UNITS = ["Homicide", "Gun Violence Unit", "Narcotics", "Patrol", "Crime Gun Intelligence Center",
         "Investigations", "Task Force"]
UNITS_ES = ["Homicidios", "Delitos contra la salud", "Armas de fuego", "Investigacion", "Grupo especial"]

# Untraceable reasons (src/data/untraceable_reason.tsv) and notes.
UNTRACEABLE = [
    ("too_old", "Manufactured before record keeping was required.", 20),
    ("serial_invalid", "Serial ground off; partial reading only.", 20),
    ("insufficient_information", "Model and importer missing from the request.", 20),
    ("manufacturer_records_unavailable", "Manufacturer records not available for this period.", 12),
    ("dealer_records_unavailable", "Dealer out of business; records not found.", 20),
    ("foreign_no_importer", "Foreign-made firearm with no importer of record.", 8),
]
