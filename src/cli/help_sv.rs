//! The command line's help in Swedish (issue 22): clap knows one language,
//! so each English help text of `Cli` has its Swedish text here, and
//! [`super::command`] puts them in when the messages are Swedish. A test
//! walks every command and argument: a new help text without a Swedish
//! one fails it.

/// (English, Swedish), in the order the commands are declared.
pub(super) const SV: &[(&str, &str)] = &[
    (
        "Draft, check and review county plans against substance abuse among young people (13–29)",
        "Skriv, kontrollera och granska länets planer mot riskbruk, missbruk och beroende bland unga (13–29 år)",
    ),
    (
        "Language of messages (default: from LANG, else Swedish)",
        "Språk för meddelanden (standard: enligt LANG, annars svenska)",
    ),
    ("Svenska (default)", "Svenska (standard)"),
    ("English", "Engelska"),
    (
        "Plan file to open in the editor (default: the bundled example)",
        "Planfil att öppna i redigeraren (standard: det medföljande exemplet)",
    ),
    ("Start with the list of recently opened plans", "Börja med listan över senast öppnade planer"),
    ("Check plan files against the format's rules", "Kontrollera planfiler mot formatets regler"),
    (
        "Plan files to check; a folder checks every file in it and the plans together",
        "Planfiler att kontrollera; en mapp kontrollerar varje fil i den och planerna tillsammans",
    ),
    ("Print the value of one field, e.g. activities.A3.due", "Skriv ut värdet av ett fält, t.ex. activities.A3.due"),
    ("Plan file", "Planfil"),
    (
        "Field path: plan.title, revision.status, goals.G2.title, activities.A3.due, indicators.I1.measurements.2023",
        "Fältets sökväg: plan.title, revision.status, goals.G2.title, activities.A3.due, indicators.I1.measurements.2023",
    ),
    (
        "Set one field, keeping the rest of the file byte for byte",
        "Ändra ett fält och behåll resten av filen byte för byte",
    ),
    ("Field path, as for `get`", "Fältets sökväg, som för `get`"),
    ("New value; an empty string removes an optional field", "Nytt värde; en tom sträng tar bort ett valfritt fält"),
    ("Create a new plan from a template", "Skapa en ny plan från en mall"),
    ("Template name (see `lansplan templates`)", "Mallens namn (se `lansplan templates`)"),
    ("County the plan is for, e.g. \"Jämtlands län\"", "Länet planen gäller, t.ex. \"Jämtlands län\""),
    ("File to create (never overwritten)", "Filen som skapas (skrivs aldrig över)"),
    ("List the templates for `lansplan new`", "Lista mallarna för `lansplan new`"),
    ("Show what changed between two revisions of a plan", "Visa vad som ändrats mellan två revisioner av en plan"),
    (
        "The old revision (or, with --from, the plan file in git)",
        "Den gamla revisionen (eller, med --from, planfilen i git)",
    ),
    ("The new revision", "Den nya revisionen"),
    (
        "Compare OLD as it was at this plan version (as `log` lists them) or git commit, tag or branch",
        "Jämför OLD som den var i denna planversion (som `log` listar dem) eller git-commit, tagg eller gren",
    ),
    (
        "…with OLD at this version or commit (default: the working tree)",
        "…med OLD i denna version eller commit (standard: arbetskatalogen)",
    ),
    ("Output format", "Utdataformat"),
    (
        "NEW as a Word document with the changes as tracked revisions (needs -o)",
        "NEW som Word-dokument med ändringarna som spårade ändringar (kräver -o)",
    ),
    ("Colour the text output", "Färglägg textutdata"),
    (
        "Compare OLD with what this party adopted (from the decisions beside it)",
        "Jämför OLD med det denna part antog (enligt beslutsfilen bredvid)",
    ),
    ("Write the document here (for --format docx)", "Skriv dokumentet hit (för --format docx)"),
    ("List a plan file's revisions from git history", "Lista en planfils revisioner ur git-historiken"),
    ("Plan file in a git repository", "Planfil i ett git-arkiv"),
    (
        "Start at this plan version or git commit, tag or branch",
        "Börja vid denna planversion eller git-commit, tagg eller gren",
    ),
    ("End at this plan version or commit (default: HEAD)", "Sluta vid denna planversion eller commit (standard: HEAD)"),
    (
        "Merge two revisions that share an ancestor, item by item and field by field",
        "Slå samman två revisioner med gemensamt ursprung, post för post och fält för fält",
    ),
    ("The common ancestor", "Det gemensamma ursprunget"),
    ("Our revision (its formatting is kept)", "Vår revision (dess formatering behålls)"),
    ("Their revision", "Deras revision"),
    ("Write the result here instead of to standard output", "Skriv resultatet hit i stället för till standard ut"),
    (
        "The file's path in the repository, for messages (git's %P)",
        "Filens sökväg i arkivet, för meddelanden (gits %P)",
    ),
    (
        "Length of conflict markers in a file merged as text (git's %L)",
        "Längd på konfliktmarkeringar i en fil som slås samman som text (gits %L)",
    ),
    (
        "Settle merge conflicts in a plan by taking one side",
        "Lös sammanslagningskonflikter i en plan genom att ta den ena sidan",
    ),
    ("Plan file with [[conflicts]]", "Planfil med [[conflicts]]"),
    ("Keep our side", "Behåll vår sida"),
    ("Take their side", "Ta deras sida"),
    ("Only the conflicts of these item ids (default: all)", "Bara konflikterna för dessa id (standard: alla)"),
    (
        "Set up git to diff and merge plan files semantically",
        "Ställ in git att jämföra och slå samman planfiler efter innehåll",
    ),
    ("Write the settings instead of printing them", "Skriv inställningarna i stället för att skriva ut dem"),
    ("Which files are plans (a .gitattributes pattern)", "Vilka filer som är planer (ett mönster för .gitattributes)"),
    (
        "Summarise how the plan is followed up: activities and indicators per focus area",
        "Sammanfatta uppföljningen av planen: aktiviteter och indikatorer per fokusområde",
    ),
    (
        "Sum the activities of the plans under each plan in DIR under its goals",
        "Summera aktiviteterna i planerna under varje plan i DIR under dess mål",
    ),
    ("Plain text for the terminal", "Ren text för terminalen"),
    ("Markdown, for publishing", "Markdown, för publicering"),
    ("Write the report here instead of to standard output", "Skriv rapporten hit i stället för till standard ut"),
    (
        "Judge as of this date (YYYY-MM-DD) instead of today: figures of later years are left out",
        "Bedöm per detta datum (ÅÅÅÅ-MM-DD) i stället för i dag: siffror från senare år räknas inte",
    ),
    (
        "Export the plan as a document to publish (Markdown, self-contained HTML or Word)",
        "Exportera planen som ett dokument att publicera (Markdown, fristående HTML eller Word)",
    ),
    (
        "Markdown, for a wiki, a repository or a word processor",
        "Markdown, för en wiki, ett arkiv eller en ordbehandlare",
    ),
    (
        "One self-contained HTML page with charts, to publish or print",
        "En fristående HTML-sida med diagram, att publicera eller skriva ut",
    ),
    (
        "A Word document for the diarium and the assembly (needs -o, or a pipe)",
        "Ett Word-dokument för diariet och fullmäktige (kräver -o, eller ett rör)",
    ),
    ("Write the document here instead of to standard output", "Skriv dokumentet hit i stället för till standard ut"),
    (
        "Add this consultation's summary of responses as an annex",
        "Lägg till remissens sammanställning av svaren som bilaga",
    ),
    (
        "Add the list of changes since this earlier revision as an annex",
        "Lägg till listan över ändringar sedan denna tidigare revision som bilaga",
    ),
    (
        "Keep a revision's consultation: recipients, responses, points and how each was handled",
        "För en revisions remiss: remissinstanser, svar, synpunkter och hur var och en hanterades",
    ),
    (
        "Send a revision out for consultation: write its remiss file beside it",
        "Skicka en revision på remiss: skriv dess remissfil bredvid den",
    ),
    ("The revision sent out", "Revisionen som skickas ut"),
    ("Last day for responses", "Sista dag för svar"),
    ("Day it is sent (default: the revision's date)", "Dag den skickas (standard: revisionens datum)"),
    (
        "Recipients: party ids of the plan, comma-separated or repeated",
        "Remissinstanser: planens part-id, kommaseparerade eller upprepade",
    ),
    (
        "A recipient that is not a party of the plan, as ID:KIND:NAME",
        "En remissinstans som inte är part i planen, som ID:SORT:NAMN",
    ),
    ("Record a response and its points", "Registrera ett svar och dess synpunkter"),
    ("The remiss file", "Remissfilen"),
    ("The respondent's party id", "Svarandens part-id"),
    ("Day the response came in", "Dag svaret kom in"),
    ("The respondent's stance on the revision", "Svarandens ställningstagande till revisionen"),
    ("The respondent's reference (diarienummer)", "Svarandens diarienummer"),
    (
        "One point, as \"KEY[,KEY…]: TEXT\" (the items it is about) or just TEXT (the whole plan)",
        "En synpunkt, som \"NYCKEL[,NYCKEL…]: TEXT\" (posterna den gäller) eller bara TEXT (hela planen)",
    ),
    ("Add points to a response already recorded", "Lägg till synpunkter till ett redan registrerat svar"),
    ("The response's id, e.g. R3", "Svarets id, t.ex. R3"),
    (
        "Points, each as \"KEY[,KEY…]: TEXT\" or TEXT",
        "Synpunkter, var och en som \"NYCKEL[,NYCKEL…]: TEXT\" eller TEXT",
    ),
    (
        "Show who has answered, who has not, the deadline and the open points",
        "Visa vilka som har svarat, vilka som inte har det, sista svarsdag och öppna synpunkter",
    ),
    (
        "List the changes since the version sent out, with the points linked to each",
        "Lista ändringarna sedan remissversionen, med synpunkterna kopplade till var och en",
    ),
    (
        "The next revision (default: the one after it in the same folder)",
        "Nästa revision (standard: den som följer i samma mapp)",
    ),
    (
        "Link a point to changes of the next revision and set how it was handled",
        "Koppla en synpunkt till ändringar i nästa revision och ange hur den hanterades",
    ),
    ("The point's id, e.g. R3.2", "Synpunktens id, t.ex. R3.2"),
    (
        "Change keys from `remiss changes` (an item key such as goal/G10 links all its changes)",
        "Ändringsnycklar från `remiss changes` (en postnyckel som goal/G10 kopplar alla dess ändringar)",
    ),
    ("Remove these links instead of adding them", "Ta bort dessa kopplingar i stället för att lägga till dem"),
    ("How the point was handled (open: not yet)", "Hur synpunkten hanterades (open: inte ännu)"),
    (
        "The drafters' answer to the point (an empty text removes it)",
        "Beredningens svar på synpunkten (en tom text tar bort det)",
    ),
    ("Write the summary of responses (remissammanställning)", "Skriv remissammanställningen"),
    ("Write here instead of to standard output", "Skriv hit i stället för till standard ut"),
    (
        "Record and follow the decisions on a revision: the recommendation and each adoption",
        "Registrera och följ besluten om en revision: rekommendationen och varje antagande",
    ),
    (
        "Record a recommendation or an adoption of a revision",
        "Registrera en rekommendation eller ett antagande av en revision",
    ),
    ("The revision decided on", "Revisionen som beslutet gäller"),
    (
        "recommendation (by the collaboration body) or adoption (by a principal)",
        "recommendation (av det politiska samverkansorganet) eller adoption (av en huvudman)",
    ),
    (
        "The body that decided, e.g. SVOM or Kommunfullmäktige",
        "Organet som beslutade, t.ex. SVOM eller Kommunfullmäktige",
    ),
    ("For an adoption: the principal's party id", "För ett antagande: huvudmannens part-id"),
    ("Day of the decision", "Beslutsdag"),
    ("The paragraph in the minutes, e.g. \"§ 34\"", "Paragrafen i protokollet, t.ex. \"§ 34\""),
    ("The reference (diarienummer)", "Diarienumret"),
    ("What came of it (default for an adoption: adopted)", "Utfallet (standard för ett antagande: adopted)"),
    (
        "Say which principals have adopted the revision and which have not",
        "Visa vilka huvudmän som har antagit revisionen och vilka som inte har det",
    ),
    (
        "Review the changes between two revisions: mark, list, export, apply",
        "Granska ändringarna mellan två revisioner: markera, lista, exportera, tillämpa",
    ),
    (
        "List the changes with their keys and every reviewer's marks, then the counts",
        "Lista ändringarna med deras nycklar och varje granskares markeringar, sedan summorna",
    ),
    ("The older revision", "Den äldre revisionen"),
    ("The newer revision (the review is kept beside it)", "Den nyare revisionen (granskningen sparas bredvid den)"),
    (
        "Mark one change (by its key from `review list`) for one reviewer",
        "Markera en ändring (med dess nyckel från `review list`) för en granskare",
    ),
    ("The change's key, e.g. activity/A3/due", "Ändringens nyckel, t.ex. activity/A3/due"),
    ("accept, reject or question", "accept (godkänn), reject (avslå) eller question (fråga)"),
    (
        "A comment to go with the mark (default: keep the earlier one)",
        "En kommentar till markeringen (standard: behåll den tidigare)",
    ),
    (
        "Who you are (default: $LANSPLAN_REVIEWER, git's user.name, $USER)",
        "Vem du är (standard: $LANSPLAN_REVIEWER, gits user.name, $USER)",
    ),
    (
        "The party you review for, by its id in the plan (default: your last one)",
        "Parten du granskar för, med dess id i planen (standard: din senaste)",
    ),
    ("Take back your mark on one change", "Ta tillbaka din markering av en ändring"),
    ("The change's key", "Ändringens nyckel"),
    ("Whose mark (default: yours, as for `mark`)", "Vems markering (standard: din, som för `mark`)"),
    (
        "Reply to a reviewer's mark and comment on one change",
        "Svara på en granskares markering och kommentar till en ändring",
    ),
    ("The reply", "Svaret"),
    (
        "Whose mark to reply to (needed when several reviewers marked the change)",
        "Vems markering du svarar på (behövs när flera granskare markerat ändringen)",
    ),
    ("Write the review as a Markdown report", "Skriv granskningen som en rapport i Markdown"),
    (
        "Read the verdicts and comments of a reviewer who worked in Word on `diff --format docx`",
        "Läs in omdömen och kommentarer från en granskare som arbetat i Word med `diff --format docx`",
    ),
    ("The Word document as the reviewer saved it", "Word-dokumentet som granskaren sparade det"),
    (
        "Who reviewed, for verdicts without a comment (default: who saved the document)",
        "Vem som granskade, för omdömen utan kommentar (standard: den som sparade dokumentet)",
    ),
    (
        "Write the next draft: OLD with exactly the changes accepted as they stand",
        "Skriv nästa utkast: OLD med exakt de godkända ändringarna som de står",
    ),
    ("The file to create (never overwritten)", "Filen som skapas (skrivs aldrig över)"),
    (
        "The new draft's version label (default: the one after NEW's)",
        "Det nya utkastets versionsbeteckning (standard: den som följer på NEW:s)",
    ),
    ("Start the next revision of a plan", "Påbörja nästa revision av en plan"),
    (
        "Start the next revision: a copy beside the plan with the next version, status draft and today's date",
        "Påbörja nästa revision: en kopia bredvid planen med nästa version, status utkast och dagens datum",
    ),
    ("The plan file of the revision to start from", "Planfilen för revisionen att utgå från"),
    (
        "File to create (default: beside PLAN, named for the new version; never overwritten)",
        "Filen som skapas (standard: bredvid PLAN, med namn efter den nya versionen; skrivs aldrig över)",
    ),
    (
        "Show a folder's plans as a tree: the agreement, the plans under it, their status and latest decision",
        "Visa en mapps planer som ett träd: överenskommelsen, planerna under den, deras status och senaste beslut",
    ),
    ("Folder of plans (searched with its subfolders)", "Mapp med planer (undermappar söks också)"),
    (
        "Read indicator figures from a saved file and show what they change in the plan",
        "Läs indikatorsiffror från en sparad fil och visa vad de ändrar i planen",
    ),
    ("What the file is", "Vad filen är"),
    (
        "Columns indicator, year, area, sex, value, n (comma, semicolon or tab)",
        "Kolumnerna indicator, year, area, sex, value, n (komma, semikolon eller tabb)",
    ),
    (
        "Kolada's data response (values → kpi, municipality, period, values → gender, value)",
        "Koladas datasvar (values → kpi, municipality, period, values → gender, value)",
    ),
    (
        "An Excel sheet with the CSV's columns, or as --map names them",
        "Ett Excel-blad med samma kolumner som CSV-filen, eller som --map namnger dem",
    ),
    ("The file with the figures", "Filen med siffrorna"),
    ("The plan file to put them in", "Planfilen de ska in i"),
    (
        "Write the figures into the plan (without it nothing is written)",
        "Skriv in siffrorna i planen (utan den skrivs inget)",
    ),
    ("The sheet to read (xlsx; the first by default)", "Bladet att läsa (xlsx; standard: det första)"),
    (
        "Which column holds a field: FIELD=HEADER, FIELD=LETTER or FIELD=\"VALUE\" for every row",
        "Vilken kolumn som har ett fält: FÄLT=RUBRIK, FÄLT=BOKSTAV eller FÄLT=\"VÄRDE\" för varje rad",
    ),
    ("Print the change as `diff --format json` does", "Skriv ut ändringen som `diff --format json` gör"),
    ("Print a plan one field a line, for git's textconv", "Skriv ut en plan ett fält per rad, för gits textconv"),
    (
        "External diff for git (called by git with seven arguments)",
        "Extern diff för git (anropas av git med sju argument)",
    ),
    (
        "Show the follow-up (overdue activities, indicator verdicts) as of this date (YYYY-MM-DD) instead of today",
        "Visa uppföljningen (försenade aktiviteter, indikatorernas läge) per detta datum (ÅÅÅÅ-MM-DD) i stället för i dag",
    ),
    ("Print help", "Visa hjälpen"),
    ("Print help (see more with '--help')", "Visa hjälpen (mer med '--help')"),
    ("Print help (see a summary with '-h')", "Visa hjälpen (en sammanfattning med '-h')"),
    ("Print version", "Visa versionen"),
    (
        "Print this message or the help of the given subcommand(s)",
        "Visa den här hjälpen eller hjälpen för de angivna kommandona",
    ),
];
