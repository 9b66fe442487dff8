//! Italian first, English second: every string the interface shows is a
//! [`Text`] constant in this file, so a missing translation does not compile.
//!
//! Why not `leptos_i18n`: error messages are produced by the server's HTTP
//! API and by the pure validators in this crate as well as by components, and
//! this crate must not depend on Leptos. One typed catalogue serves all three.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Locale {
    #[default]
    It,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::It, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Locale::It => "it",
            Locale::En => "en",
        }
    }

    /// The language's own name, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::It => "Italiano",
            Locale::En => "English",
        }
    }

    pub fn parse(code: &str) -> Option<Locale> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "it" => Some(Locale::It),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// Picks the best supported language from an `Accept-Language` header,
    /// honouring q-values; Italian when nothing matches.
    pub fn from_accept_language(header: &str) -> Locale {
        let mut best: Option<(Locale, f32)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("");
            let q = parts.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            if let Some(locale) = Locale::parse(tag) {
                if q > 0.0 && best.is_none_or(|(_, bq)| q > bq) {
                    best = Some((locale, q));
                }
            }
        }
        best.map(|(l, _)| l).unwrap_or_default()
    }
}

/// One interface string in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub it: &'static str,
    pub en: &'static str,
}

impl Text {
    pub const fn new(it: &'static str, en: &'static str) -> Text {
        Text { it, en }
    }

    pub fn get(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::It => self.it,
            Locale::En => self.en,
        }
    }
}

macro_rules! texts {
    ($($name:ident = $it:literal / $en:literal;)*) => {
        $(pub const $name: Text = Text::new($it, $en);)*
    };
}

/// Interface strings, grouped by where they appear.
pub mod t {
    use super::Text;

    texts! {
        APP_NAME = "Legami" / "Legami";
        TAGLINE = "Welfare di comunità in provincia di Cremona" / "Community welfare in the Province of Cremona";
        SKIP_TO_CONTENT = "Vai al contenuto" / "Skip to content";
        NAV_LABEL = "Navigazione principale" / "Main navigation";
        NAV_HOME = "Home" / "Home";
        NAV_MAP = "Mappa" / "Map";
        NAV_CAMPAIGNS = "Campagne" / "Campaigns";
        NAV_CALLS = "Bandi" / "Calls";
        NAV_SIGN_IN = "Accedi" / "Sign in";
        NAV_SIGN_OUT = "Esci" / "Sign out";
        NAV_REGISTER = "Registrati" / "Register";
        NAV_PEOPLE = "Persone" / "People";
        NAV_OUTBOX = "Messaggi in uscita" / "Outbox";
        NAV_SETTINGS = "Impostazioni" / "Settings";
        NAV_MAP_ADMIN = "Ambiti e quartieri" / "Districts and zones";
        SETTINGS_TITLE = "Impostazioni dell'organizzazione" / "Organisation settings";
        SETTINGS_INTRO = "Questi dati compaiono sulle ricevute e nella pagina delle donazioni con bonifico." / "These details appear on receipts and on the bank transfer giving page.";
        F_ORG_NAME = "Nome dell'organizzazione" / "Organisation name";
        F_ORG_ADDRESS = "Indirizzo" / "Address";
        F_ORG_TAX_CODE = "Codice fiscale dell'organizzazione" / "Organisation tax code";
        F_IBAN = "IBAN per i bonifici" / "IBAN for bank transfers";
        F_BANK = "Banca (facoltativo)" / "Bank (optional)";
        F_MAX_GIFT = "Importo massimo di una donazione online" / "Largest online gift";
        V_IBAN = "L'IBAN non è valido: controlla le cifre." / "The IBAN is not valid: check the digits.";
        LANGUAGE = "Lingua" / "Language";
        SIGNED_IN_AS = "Accesso effettuato come" / "Signed in as";
        LOADING = "Caricamento…" / "Loading…";

        HOME_TITLE = "Legami: comunità che si prendono cura" / "Legami: communities that care";
        HOME_INTRO = "Comuni, cooperative sociali, volontariato e fondazione di comunità lavorano insieme ai cittadini. Qui trovi i laboratori di quartiere, le raccolte fondi e i bandi per idee di impresa." / "Municipalities, social cooperatives, volunteers and the community foundation work with residents. Here you find neighbourhood labs, fundraising campaigns and calls for enterprise ideas.";
        HOME_MAP_TITLE = "Mappa dei laboratori" / "Map of the labs";
        HOME_MAP_TEXT = "Dove si incontrano i laboratori di comunità e dove mancano, comune per comune." / "Where the community labs meet and where they are missing, municipality by municipality.";
        HOME_CAMPAIGNS_TITLE = "Raccolte fondi" / "Fundraising";
        HOME_CAMPAIGNS_TEXT = "Dona al fondo di comunità o alla banca dell'acqua: ogni euro è registrato e rendicontato." / "Give to the community fund or the water bank: every euro is recorded and reported.";
        HOME_CALLS_TITLE = "Bandi per idee di impresa" / "Calls for enterprise ideas";
        HOME_CALLS_TEXT = "Hai un'idea di impresa? Presenta la domanda e ricevi accompagnamento." / "Do you have a business idea? Apply and get support.";
        STAT_MUNICIPALITIES = "comuni" / "municipalities";
        STAT_DISTRICTS = "ambiti distrettuali" / "districts";
        STAT_LABS = "laboratori" / "labs";
        STAT_CAMPAIGNS = "campagne" / "campaigns";
        STAT_CALLS = "bandi" / "calls";

        MAP_TITLE = "Mappa dei comuni e dei laboratori" / "Map of municipalities and labs";
        MAP_INTRO = "Dove si incontrano i laboratori di comunità e dove mancano. La mappa si usa anche con la tastiera; sotto la mappa lo stesso contenuto è in un elenco." / "Where the community labs meet and where they are missing. The map works with the keyboard too; below the map the same content is a list.";
        SKIP_MAP = "Salta la mappa e vai all'elenco" / "Skip the map and go to the list";
        MAP_LABEL = "Mappa dei laboratori: usa le frecce per spostarti, + e - per lo zoom, Tab per i segnaposto" / "Map of the labs: arrows to pan, + and - to zoom, Tab to reach the markers";
        MAP_LOADING = "La mappa si sta caricando. Se non compare, usa l'elenco qui sotto." / "The map is loading. If it does not appear, use the list below.";
        FILTERS = "Filtri" / "Filters";
        F_THEME = "Tema" / "Theme";
        F_STATUS = "Stato" / "Status";
        F_DISTRICT = "Ambito distrettuale" / "District";
        F_MUNICIPALITY = "Comune" / "Municipality";
        F_ACTIVE_FROM = "Attivi dal" / "Active from";
        F_ACTIVE_TO = "Attivi fino al" / "Active until";
        F_COLOR_BY = "Colora i comuni per" / "Colour municipalities by";
        ALL_OPTION = "Tutti" / "All";
        APPLY_FILTERS = "Applica i filtri" / "Apply filters";
        CLEAR_FILTERS = "Togli i filtri" / "Clear filters";
        COLOR_DISTRICT = "Ambito distrettuale" / "District";
        COLOR_LABS = "Numero di laboratori" / "Number of labs";
        COLOR_MEETINGS = "Numero di incontri" / "Number of meetings";
        COLOR_PARTICIPANTS = "Numero di partecipanti" / "Number of participants";
        LEGEND = "Legenda" / "Legend";
        LEGEND_NONE = "nessuno" / "none";
        LAB_LIST = "Elenco dei laboratori" / "List of the labs";
        LABS_FOUND = "Laboratori trovati:" / "Labs found:";
        LIST_PAGES = "Pagine dell'elenco" / "Pages of the list";
        LIST_PAGE = "Pagina" / "Page";
        LIST_PAGE_OF = "di" / "of";
        LIST_PREVIOUS = "Pagina precedente" / "Previous page";
        LIST_NEXT = "Pagina successiva" / "Next page";
        NO_LABS = "Nessun laboratorio corrisponde ai filtri." / "No lab matches the filters.";
        COL_LAB = "Laboratorio" / "Lab";
        COL_THEME = "Tema" / "Theme";
        COL_MUNICIPALITY = "Comune" / "Municipality";
        COL_NEXT_MEETING = "Prossimo incontro" / "Next meeting";
        MAP_STAFF_HINT = "Staff: fai clic su un punto della mappa per aggiungere un laboratorio; trascina un segnaposto per spostarlo." / "Staff: click a point on the map to add a lab; drag a marker to move it.";
        NEW_LAB_HERE = "Nuovo laboratorio qui" / "New lab here";
        MOVE_CONFIRM = "Spostare qui il laboratorio" / "Move this lab here:";
        LAB_MOVED = "Laboratorio spostato. Ora è nel comune di" / "Lab moved. It is now in";
        POSITION_AREA = "Posizione indicativa: il punto esatto non è pubblico." / "Approximate position: the exact point is not public.";
        CLUSTER_HINT = "laboratori in questa zona: premi Invio per avvicinarti" / "labs in this area: press Enter to zoom in";
        LAB_DETAILS = "Scheda del laboratorio" / "Lab details";
        LAB_WHERE = "Dove" / "Where";
        LAB_SCHEDULE = "Quando si incontra" / "When it meets";
        LAB_PERIOD = "Periodo" / "Period";
        LAB_CONTACT = "Contatti" / "Contact";
        LAB_FACILITATOR = "Facilitatore" / "Facilitator";
        LAB_ZONE = "Quartiere" / "Neighbourhood";
        LAB_UPCOMING = "Prossimi incontri" / "Upcoming meetings";
        LAB_NO_UPCOMING = "Nessun incontro in programma." / "No meeting planned.";
        LAB_ATTENDANCE = "Partecipazione" / "Attendance";
        LAB_MEETINGS_HELD = "Incontri svolti" / "Meetings held";
        LAB_PARTICIPANTS = "Presenze" / "Participants";
        LAB_FIRST_TIME = "Di cui per la prima volta" / "Of whom first-timers";
        LAB_ORGANISATIONS = "Organizzazioni presenti" / "Organisations present";
        LAB_BACK_TO_MAP = "Torna alla mappa" / "Back to the map";
        LAB_MEETINGS_STAFF = "Incontri (riservato allo staff)" / "Meetings (staff only)";
        ATTENDANCE_CHART = "Partecipanti per incontro" / "Participants per meeting";
        ADD_MEETING = "Aggiungi un incontro" / "Add a meeting";
        F_MEETING_AT = "Data e ora" / "Date and time";
        F_TOPIC = "Argomento" / "Topic";
        F_ATT_TOTAL = "Partecipanti (dopo l'incontro)" / "Participants (after the meeting)";
        F_ATT_FIRST = "Di cui per la prima volta" / "Of whom first-timers";
        F_ORGS = "Organizzazioni presenti" / "Organisations present";
        F_NOTES = "Note interne (non pubbliche)" / "Internal notes (not public)";
        MEETING_ADDED = "Incontro registrato." / "Meeting recorded.";
        NEW_LAB = "Nuovo laboratorio" / "New lab";
        F_LAB_NAME = "Nome del laboratorio" / "Lab name";
        F_DESCRIPTION = "Descrizione" / "Description";
        F_LON = "Longitudine" / "Longitude";
        F_LAT = "Latitudine" / "Latitude";
        F_POINT_HINT = "Il punto scelto sulla mappa. Il comune e il quartiere si ricavano da qui." / "The point chosen on the map. Municipality and neighbourhood follow from it.";
        F_ADDRESS = "Indirizzo" / "Address";
        F_PRECISION = "Posizione mostrata al pubblico" / "Position shown to the public";
        F_CONTACT = "Contatti (email o telefono)" / "Contact (email or phone)";
        F_SCHEDULE = "Quando si incontra (es. ogni martedì 17-19)" / "When it meets (e.g. every Tuesday 5-7 pm)";
        CREATE_LAB = "Crea il laboratorio" / "Create the lab";
        EDIT_LAB = "Modifica il laboratorio" / "Edit the lab";
        SAVE_LAB = "Salva le modifiche" / "Save the changes";
        MAP_COL_ISTAT = "Codice ISTAT" / "ISTAT code";
        MAP_COL_NAME = "Comune" / "Municipality";
        MAP_COL_DISTRICT = "Ambito distrettuale" / "District";
        MAP_NO_DISTRICT = "Non assegnato" / "Not assigned";
        DEMO_LABEL = "dati dimostrativi" / "demo data";
        ATTRIBUTION = "Confini comunali: © ISTAT, elaborazione openpolis (github.com/openpolis/geojson-italy), licenza CC BY 4.0, dati modificati" / "Municipal boundaries: © ISTAT, processed by openpolis (github.com/openpolis/geojson-italy), CC BY 4.0 licence, data modified";
        CAMPAIGNS_TITLE = "Campagne di raccolta fondi" / "Fundraising campaigns";
        CAMPAIGNS_COMING = "Le campagne di raccolta fondi saranno pubblicate qui. Nessuna campagna è ancora aperta." / "Fundraising campaigns will be published here. No campaign is open yet.";
        CALLS_TITLE = "Bandi per idee di impresa" / "Calls for enterprise ideas";
        CALLS_COMING = "Nessun bando è pubblicato in questo momento: i prossimi compariranno qui." / "No call is published at the moment: the next ones will appear here.";

        SIGN_IN_TITLE = "Accedi" / "Sign in";
        REGISTER_TITLE = "Crea un account" / "Create an account";
        FIELD_EMAIL = "Email" / "Email";
        FIELD_PASSWORD = "Password" / "Password";
        FIELD_PASSWORD_HINT = "Almeno 10 caratteri." / "At least 10 characters.";
        FIELD_NEW_PASSWORD = "Nuova password" / "New password";
        FIELD_DISPLAY_NAME = "Nome e cognome" / "Full name";
        FIELD_LANGUAGE = "Lingua preferita" / "Preferred language";
        SUBMIT_SIGN_IN = "Accedi" / "Sign in";
        SUBMIT_REGISTER = "Registrati" / "Register";
        NO_ACCOUNT = "Non hai un account?" / "No account yet?";
        FORGOT_PASSWORD = "Password dimenticata?" / "Forgot your password?";
        FORGOT_TITLE = "Reimposta la password" / "Reset your password";
        FORGOT_INTRO = "Scrivi la tua email: ti invieremo un collegamento valido per un'ora." / "Enter your email: we will send you a link valid for one hour.";
        FORGOT_SUBMIT = "Invia il collegamento" / "Send the link";
        FORGOT_SENT = "Se l'indirizzo è registrato, riceverai a breve un messaggio con il collegamento." / "If the address is registered, you will shortly receive a message with the link.";
        RESET_TITLE = "Scegli una nuova password" / "Choose a new password";
        RESET_SUBMIT = "Salva la nuova password" / "Save the new password";
        RESET_DONE = "Password aggiornata. Ora puoi accedere." / "Password updated. You can now sign in.";
        FORM_HAS_ERRORS = "Controlla i campi segnalati." / "Please check the highlighted fields.";
        WELCOME = "Benvenuto/a" / "Welcome";
        REGISTER_CONFIRM_SUBJECT = "Attiva il tuo account Legami" / "Activate your Legami account";
        REGISTER_CONFIRM_INTRO = "per attivare il tuo account apri questo collegamento entro 24 ore:" / "to activate your account, open this link within 24 hours:";
        REGISTER_CONFIRM_IGNORE = "Se non sei stato/a tu, ignora questo messaggio: senza il collegamento non succede nulla." / "If it was not you, ignore this message: without the link nothing happens.";
        REGISTER_TAKEN_SUBJECT = "Qualcuno ha provato a registrarsi con la tua email" / "Someone tried to register with your email";
        REGISTER_TAKEN_INTRO = "Qualcuno (forse tu) ha provato a creare un account Legami con questa email, che ne ha già uno. Per entrare, accedi; se non ricordi la password, reimpostala:" / "Someone (perhaps you) tried to create a Legami account with this email, which already has one. To get in, sign in; if you do not remember your password, reset it:";
        REGISTER_CHECK_EMAIL = "Controlla la tua email: ti abbiamo scritto un collegamento per attivare l'account, valido 24 ore. Se non lo trovi, guarda nella posta indesiderata." / "Check your email: we have sent you a link to activate your account, valid for 24 hours. If you cannot find it, look in your spam folder.";
        REGISTER_CONFIRM_TITLE = "Attiva il tuo account" / "Activate your account";
        REGISTER_CONFIRM_TEXT = "Ultimo passo: premi il pulsante per attivare il tuo account ed entrare." / "Last step: press the button to activate your account and sign in.";
        REGISTER_CONFIRM_SUBMIT = "Attiva l'account" / "Activate my account";

        PEOPLE_TITLE = "Persone e ruoli" / "People and roles";
        COL_NAME = "Nome" / "Name";
        COL_EMAIL = "Email" / "Email";
        COL_ROLES = "Ruoli" / "Roles";
        COL_CREATED = "Iscritto il" / "Joined";
        GRANT = "Assegna" / "Grant";
        REVOKE = "Revoca" / "Revoke";
        OUTBOX_TITLE = "Messaggi in uscita" / "Outbox";
        COL_RECIPIENT = "Destinatario" / "Recipient";
        COL_SUBJECT = "Oggetto" / "Subject";
        COL_STATUS = "Stato" / "Status";
        COL_ATTEMPTS = "Tentativi" / "Attempts";
        OUTBOX_SENT = "inviato" / "sent";
        OUTBOX_PENDING = "in attesa" / "pending";
        OUTBOX_FAILED = "non riuscito" / "failed";
        OUTBOX_EMPTY = "Nessun messaggio." / "No messages.";

        ROLE_RESIDENT = "Cittadino/a" / "Resident";
        ROLE_STAFF = "Operatore/trice" / "Staff";
        ROLE_EVALUATOR = "Valutatore/trice" / "Evaluator";
        ROLE_ADMIN = "Amministratore/trice" / "Administrator";

        NOT_FOUND_TITLE = "Pagina non trovata" / "Page not found";
        NOT_FOUND_TEXT = "L'indirizzo che hai aperto non esiste. Torna alla pagina iniziale." / "The address you opened does not exist. Go back to the home page.";
        BACK_HOME = "Torna alla pagina iniziale" / "Back to the home page";
        ERROR_TITLE = "Si è verificato un problema" / "Something went wrong";
        FOOTER_TEXT = "Legami è software libero per il welfare di comunità." / "Legami is free software for community welfare.";

        // Errors
        ERR_UNAUTHENTICATED = "Devi accedere per continuare." / "You need to sign in to continue.";
        ERR_FORBIDDEN = "Non hai i permessi per questa operazione." / "You do not have permission for this action.";
        ERR_NOT_FOUND = "Risorsa non trovata." / "Not found.";
        ERR_VALIDATION = "Alcuni dati non sono validi." / "Some data is not valid.";
        ERR_BAD_CREDENTIALS = "Email o password non corretti." / "Wrong email or password.";
        ERR_EMAIL_TAKEN = "Esiste già un account con questa email." / "An account with this email already exists.";
        ERR_RATE_LIMITED = "Troppi tentativi. Riprova tra qualche minuto." / "Too many attempts. Please try again in a few minutes.";
        ERR_PAYLOAD_TOO_LARGE = "I dati inviati sono troppo grandi." / "The data sent is too large.";
        ERR_UNSUPPORTED_MEDIA = "Formato dei dati non supportato: usa JSON." / "Unsupported data format: use JSON.";
        ERR_BAD_REQUEST = "Richiesta non valida." / "Invalid request.";
        ERR_TOKEN_INVALID = "Il collegamento non è valido o è scaduto. Chiedine uno nuovo." / "The link is invalid or has expired. Ask for a new one.";
        ERR_LAST_ADMIN = "Deve restare almeno un amministratore." / "At least one administrator must remain.";
        ERR_INTERNAL = "Errore interno. Riprova più tardi." / "Internal error. Please try again later.";
        ERR_CAMPAIGN_CLOSED = "Questa campagna non accetta più donazioni." / "This campaign no longer accepts gifts.";
        ERR_CAMPAIGN_ENDED = "Questa campagna si è conclusa: non accetta nuove donazioni. Grazie a chi ha donato!" / "This campaign has ended: it takes no new gifts. Thank you to everyone who gave!";
        ERR_KEY_REUSED = "Questa richiesta è già stata usata per un'altra donazione. Ricarica la pagina e riprova: nulla è stato registrato." / "This request was already used for a different gift. Reload the page and try again: nothing was recorded.";
        ERR_CROSS_SITE = "Richiesta rifiutata: è partita da un altro sito. Apri Legami dal suo indirizzo e riprova." / "Request refused: it came from another site. Open Legami at its own address and try again.";
        V_CARD_UNAVAILABLE = "Il pagamento con carta non è disponibile: scegli il bonifico bancario." / "Card payment is not available: choose a bank transfer.";
        CAMPAIGN_ENDED = "Campagna conclusa" / "Campaign ended";
        CAMPAIGN_ENDED_NOTE = "Questa campagna si è conclusa e non accetta nuove donazioni. Grazie a chi ha donato!" / "This campaign has ended and takes no new gifts. Thank you to everyone who gave!";
        COL_STAFF_NOTE = "Nota interna" / "Internal note";
        EXPORT_ACCOUNT = "Profilo:" / "Account:";
        EXPORT_ROLES = "ruoli" / "roles";
        EXPORT_GIFTS = "Donazioni" / "Gifts";
        EXPORT_RECEIVED = "ricevuti" / "received";
        EXPORT_APPLICATIONS = "Domande ai bandi" / "Applications to calls";
        EXPORT_ATTEMPTS = "Tentativi di accesso registrati" / "Sign-in attempts recorded";

        // Profile and personal data (GDPR art. 15-17, 20)
        V_WRONG_PASSWORD = "La password attuale non è corretta." / "The current password is not correct.";
        NAV_PROFILE = "Profilo" / "Profile";
        NAV_PRIVACY = "Privacy" / "Privacy";
        PROFILE_TITLE = "Il mio profilo" / "My profile";
        PROFILE_DETAILS = "I tuoi dati" / "Your details";
        PROFILE_SAVE = "Salva i dati" / "Save details";
        PROFILE_SAVED = "Dati salvati." / "Details saved.";
        PROFILE_PASSWORD = "Cambia la password" / "Change your password";
        FIELD_CURRENT_PASSWORD = "Password attuale" / "Current password";
        PROFILE_PASSWORD_SUBMIT = "Cambia la password" / "Change password";
        PROFILE_PASSWORD_SAVED = "Password cambiata. Le altre sessioni aperte sono state chiuse." / "Password changed. Your other open sessions have been signed out.";
        PROFILE_ROLES = "I tuoi ruoli" / "Your roles";
        PROFILE_GIFTS = "Le tue donazioni" / "Your gifts";
        PROFILE_NO_GIFTS = "Non risultano donazioni a tuo nome." / "There are no gifts in your name.";
        PROFILE_APPLICATIONS = "Le tue domande ai bandi" / "Your applications to calls";
        PROFILE_NO_APPLICATIONS = "Non hai domande ai bandi." / "You have no applications to calls.";
        PROFILE_DATA = "I tuoi dati personali" / "Your personal data";
        PROFILE_EXPORT = "Scarica i tuoi dati (JSON)" / "Download your data (JSON)";
        PROFILE_EXPORT_TEXT = "Un file con tutto ciò che Legami conserva su di te, con un riepilogo leggibile all'inizio." / "A file with everything Legami holds about you, with a readable summary at the top.";
        PROFILE_ERASURE = "Cancella il mio account" / "Delete my account";
        PROFILE_ERASURE_TEXT = "I tuoi dati personali saranno cancellati e uscirai da ogni dispositivo. Le tue donazioni restano nei conti delle campagne come importi anonimi. Le ricevute già emesse sono conservate 10 anni, come richiede la legge, e solo gli amministratori possono leggerle; le domande già presentate restano agli atti del bando senza il tuo nome. Se c'è qualcosa da conservare, un amministratore completa la cancellazione entro 30 giorni." / "Your personal data will be deleted and you will be signed out everywhere. Your gifts stay in the campaigns' accounts as anonymous amounts. Receipts already issued are kept for 10 years, as the law requires, and only administrators can read them; applications already submitted stay in the call's records without your name. If something must be kept, an administrator completes the erasure within 30 days.";
        PROFILE_ERASURE_CONFIRM = "Ho capito: voglio cancellare il mio account" / "I understand: I want my account deleted";
        PROFILE_ERASURE_SUBMIT = "Chiedi la cancellazione" / "Ask for erasure";
        PROFILE_ERASURE_REQUESTED = "Hai chiesto la cancellazione del tuo account il giorno" / "You asked for your account to be deleted on";
        PROFILE_ERASURE_PENDING = "Un amministratore la completerà entro 30 giorni." / "An administrator will complete it within 30 days.";
        PROFILE_ERASURE_DONE = "Il tuo account è stato cancellato. Grazie per aver fatto parte di Legami." / "Your account has been deleted. Thank you for being part of Legami.";
        ERASED_DONOR = "Dati cancellati su richiesta" / "Erased on request";
        ERASED_PERSON = "Account cancellato" / "Deleted account";
        ERASURES_TITLE = "Richieste di cancellazione" / "Erasure requests";
        ERASURES_EMPTY = "Nessuna richiesta di cancellazione." / "No erasure requests.";
        ERASURE_CARRY_OUT = "Esegui la cancellazione" / "Carry out the erasure";
        ERASURE_CARRIED_OUT = "Eseguita" / "Carried out";
        ERASURE_OPEN = "Da eseguire" / "To do";
        COL_REQUESTED_AT = "Richiesta il" / "Requested on";
        COL_RETAINED = "Conservato per legge" / "Kept by law";
        RETAINED_RECEIPTS = "Ricevute" / "Receipts";
        RETAINED_APPLICATIONS = "Domande" / "Applications";
        COL_CAMPAIGN = "Campagna" / "Campaign";
        PRIVACY_TITLE = "Informativa sulla privacy" / "Privacy notice";
        PRIVACY_NOTE = "Come trattiamo i tuoi dati:" / "How we handle your data:";
        PRIVACY_NOTE_LINK = "informativa sulla privacy" / "privacy notice";
        PRIVACY_INTRO = "Questa informativa spiega quali dati personali raccoglie Legami, perché, per quanto tempo e come puoi esercitare i tuoi diritti (Regolamento UE 2016/679, artt. 13 e 14)." / "This notice explains which personal data Legami collects, why, for how long, and how you can exercise your rights (EU Regulation 2016/679, articles 13 and 14).";
        PRIVACY_CONTROLLER = "Titolare del trattamento" / "Data controller";
        PRIVACY_TAX_CODE = "Codice fiscale" / "Tax code";
        PRIVACY_WHAT = "Quali dati e perché" / "What data and why";
        PRIVACY_WHAT_ACCOUNT = "Account: nome, email, lingua e password (conservata solo come impronta cifrata), per farti accedere e scriverti. Base giuridica: il servizio che chiedi (art. 6.1.b)." / "Account: name, e-mail, language and password (kept only as an encrypted fingerprint), to let you sign in and write to you. Legal basis: the service you ask for (art. 6.1.b).";
        PRIVACY_WHAT_GIFTS = "Donazioni: nome, email, importo, messaggio facoltativo e, se vuoi la ricevuta per la detrazione, il codice fiscale. Base giuridica: il dono che fai e gli obblighi fiscali (art. 6.1.b e 6.1.c)." / "Gifts: name, e-mail, amount, an optional message and, if you want a receipt for the tax deduction, your tax code. Legal basis: the gift you make and tax obligations (art. 6.1.b and 6.1.c).";
        PRIVACY_WHAT_CALLS = "Domande ai bandi: i testi e gli allegati della tua idea, letti da chi la valuta. Base giuridica: la domanda che presenti (art. 6.1.b)." / "Applications to calls: the texts and attachments of your idea, read by those who assess it. Legal basis: the application you submit (art. 6.1.b).";
        PRIVACY_WHAT_SECURITY = "Sicurezza: l'indirizzo di rete dei tentativi di accesso falliti, per fermare chi prova a indovinare le password. Base giuridica: legittimo interesse (art. 6.1.f)." / "Security: the network address of failed sign-in attempts, to stop password guessing. Legal basis: legitimate interest (art. 6.1.f).";
        PRIVACY_HOW_LONG = "Per quanto tempo" / "For how long";
        PRIVACY_HOW_LONG_TEXT = "L'account finché non chiedi di cancellarlo; i tentativi di accesso un giorno; i collegamenti per cambiare password fino all'uso o alla scadenza; il testo dei messaggi inviati solo fino all'invio; le ricevute 10 anni, come richiede la legge, poi il nome e il codice fiscale vengono cancellati." / "Your account until you ask for it to be deleted; sign-in attempts for one day; password links until used or expired; the text of messages only until it is sent; receipts for 10 years, as the law requires, after which the name and tax code are erased.";
        PRIVACY_WHO = "Chi vede i tuoi dati" / "Who sees your data";
        PRIVACY_WHO_TEXT = "Solo gli operatori e gli amministratori del programma, ciascuno per ciò che il suo ruolo richiede. Le donazioni anonime non mostrano il nome in pubblico. Nessun dato è venduto o ceduto a terzi per pubblicità; i pagamenti con carta passano dal fornitore di pagamento, che vede solo ciò che serve a pagare." / "Only the programme's staff and administrators, each for what their role needs. Anonymous gifts show no name in public. No data is sold or given to third parties for advertising; card payments go through the payment provider, which sees only what paying requires.";
        PRIVACY_RIGHTS = "I tuoi diritti" / "Your rights";
        PRIVACY_RIGHTS_TEXT = "Dal tuo profilo puoi vedere e correggere i tuoi dati, scaricarli tutti in un file (artt. 15, 16 e 20) e chiedere di cancellarli (art. 17). Per ogni altra richiesta scrivi al titolare all'indirizzo qui sopra. Puoi sempre rivolgerti al Garante per la protezione dei dati personali (garanteprivacy.it)." / "From your profile you can see and correct your data, download all of it in a file (art. 15, 16 and 20) and ask for it to be deleted (art. 17). For any other request write to the controller at the address above. You can always complain to the Italian data protection authority, the Garante per la protezione dei dati personali (garanteprivacy.it).";
        ERR_INVALID_TRANSITION = "Operazione non consentita nello stato attuale: forse qualcun altro l'ha appena cambiato. Ricarica la pagina." / "This action is not allowed in the current state: someone else may have just changed it. Reload the page.";
        ERR_UNAVAILABLE = "Servizio temporaneamente non disponibile." / "Service temporarily unavailable.";

        // Validation
        V_REQUIRED = "Campo obbligatorio." / "This field is required.";
        V_EMAIL = "Inserisci un indirizzo email valido, per esempio nome@esempio.it." / "Enter a valid email address, for example name@example.org.";
        V_TOO_LONG = "Il testo è troppo lungo." / "The text is too long.";
        V_PASSWORD_SHORT = "La password deve avere almeno 10 caratteri." / "The password must have at least 10 characters.";
        V_PASSWORD_LONG = "La password può avere al massimo 128 caratteri." / "The password can have at most 128 characters.";
        V_CONTROL_CHARS = "Il testo contiene caratteri non ammessi." / "The text contains characters that are not allowed.";
        V_LANGUAGE = "Lingua non supportata." / "Unsupported language.";
        V_AMOUNT = "Inserisci un importo valido, per esempio 12,50." / "Enter a valid amount, for example 12.50.";
        V_AMOUNT_SMALL = "L'importo minimo è 1 €." / "The minimum amount is €1.";
        V_AMOUNT_LARGE = "L'importo supera il massimo consentito." / "The amount exceeds the maximum allowed.";
        V_TAX_CODE = "Codice fiscale non valido: controlla le 16 lettere e cifre." / "Invalid tax code (codice fiscale): check the 16 letters and digits.";
        V_SLUG = "Usa solo lettere minuscole, cifre e trattini." / "Use only lower-case letters, digits and dashes.";
        V_METHOD = "Scegli un metodo di pagamento." / "Choose a payment method.";
        V_SLUG_TAKEN = "Esiste già una campagna con questo indirizzo." / "A campaign with this address already exists.";
        V_FILE_TYPE = "Il file deve essere un PDF, un JPEG o un PNG." / "The file must be a PDF, a JPEG or a PNG.";
        V_DATE = "Inserisci una data valida (aaaa-mm-gg)." / "Enter a valid date (yyyy-mm-dd).";
        V_END_BEFORE_START = "La data di fine non può precedere quella di inizio." / "The end date cannot be before the start date.";

        // Fundraising
        ANONYMOUS = "Anonimo" / "Anonymous";
        METHOD_BANK_TRANSFER = "Bonifico bancario" / "Bank transfer";
        METHOD_CARD = "Carta di pagamento" / "Payment card";
        METHOD_CASH = "Contanti" / "Cash";
        METHOD_CHEQUE = "Assegno" / "Cheque";
        METHOD_IN_KIND = "Donazione in natura" / "In-kind gift";
        CAMPAIGN_RAISED = "raccolti" / "raised";
        CAMPAIGN_OF_GOAL = "su un obiettivo di" / "of a goal of";
        CAMPAIGN_DONORS = "donatori" / "donors";
        CAMPAIGN_DAYS_LEFT = "giorni alla chiusura" / "days left";
        CAMPAIGN_CLOSED = "Campagna chiusa" / "Campaign closed";
        CAMPAIGN_DRAFT = "Bozza (visibile solo allo staff)" / "Draft (visible to staff only)";
        CAMPAIGN_PROGRESS = "Avanzamento della raccolta" / "Fundraising progress";
        CAMPAIGN_FUND = "Fondo" / "Fund";
        CAMPAIGN_SPENT = "spesi" / "spent";
        CAMPAIGNS_NONE = "Nessuna campagna è ancora aperta." / "No campaign is open yet.";
        GIVE_TITLE = "Fai una donazione" / "Make a gift";
        GIVE_AMOUNT = "Importo" / "Amount";
        GIVE_OTHER_AMOUNT = "Altro importo (€)" / "Other amount (€)";
        GIVE_AMOUNT_HINT = "Per esempio 12,50. Minimo 1 €." / "For example 12.50. Minimum €1.";
        GIVE_NAME = "Nome e cognome" / "Full name";
        GIVE_EMAIL = "Email (per la ricevuta)" / "Email (for the receipt)";
        GIVE_TAX_CODE = "Codice fiscale (facoltativo, per la detrazione)" / "Tax code (optional, for tax relief)";
        GIVE_ANONYMOUS = "Non mostrare il mio nome nell'elenco dei donatori" / "Do not show my name in the list of donors";
        GIVE_MESSAGE = "Messaggio (facoltativo, massimo 500 caratteri)" / "Message (optional, at most 500 characters)";
        GIVE_METHOD = "Come vuoi donare?" / "How do you want to give?";
        GIVE_SUBMIT = "Dona" / "Give";
        GIVE_THANKS = "Grazie per la tua donazione!" / "Thank you for your gift!";
        GIVE_TRANSFER_INTRO = "Per completare la donazione fai un bonifico con questi dati. La donazione sarà confermata quando riceveremo il bonifico, e ti invieremo la ricevuta." / "To complete your gift, make a bank transfer with these details. The gift is confirmed when the transfer arrives, and we will send you the receipt.";
        GIVE_REFERENCE = "Causale (da copiare nel bonifico)" / "Payment reference (copy it into the transfer)";
        GIVE_IBAN = "IBAN" / "IBAN";
        GIVE_BENEFICIARY = "Beneficiario" / "Beneficiary";
        GIVE_CARD_CONTINUE = "Continua sulla pagina di pagamento sicura" / "Continue to the secure payment page";
        GIVE_AGAIN = "Fai un'altra donazione" / "Make another gift";
        WALL_TITLE = "Chi ha donato" / "Who gave";
        WALL_EMPTY = "Ancora nessuna donazione: puoi essere il primo!" / "No gifts yet: you can be the first!";
        CHART_TITLE = "Donazioni nel tempo" / "Gifts over time";
        CHART_TABLE = "Dati del grafico" / "Chart data";
        COL_DAY = "Giorno" / "Day";
        COL_AMOUNT = "Importo" / "Amount";
        STAFF_GIFTS_TITLE = "Donazioni ricevute e promesse" / "Gifts received and pledged";
        NAV_GIFTS = "Donazioni" / "Gifts";
        SEARCH_REFERENCE = "Cerca per causale" / "Search by payment reference";
        SEARCH = "Cerca" / "Search";
        COL_DONOR = "Donatore" / "Donor";
        COL_METHOD = "Metodo" / "Method";
        COL_REFERENCE = "Causale" / "Reference";
        COL_RECEIPT = "Ricevuta" / "Receipt";
        COL_ACTIONS = "Azioni" / "Actions";
        STATUS_PLEDGED = "in attesa" / "pledged";
        STATUS_RECEIVED = "ricevuta" / "received";
        STATUS_REFUNDED = "rimborsata" / "refunded";
        CONFIRM_RECEIVED = "Conferma ricevuta" / "Confirm received";
        REFUND = "Rimborsa" / "Refund";
        REFUND_REASON = "Motivo del rimborso" / "Reason for the refund";
        CANCELLED = "annullata" / "cancelled";
        NO_GIFTS = "Nessuna donazione." / "No gifts.";
        NAV_MANAGE_CAMPAIGNS = "Gestione campagne" / "Manage campaigns";
        MANAGE_TITLE = "Gestione delle campagne" / "Manage campaigns";
        NEW_CAMPAIGN = "Nuova campagna" / "New campaign";
        EDIT_CAMPAIGN = "Modifica la campagna" / "Edit the campaign";
        F_TITLE = "Titolo" / "Title";
        F_STORY = "Racconto (perché raccogliamo fondi)" / "Story (why we raise money)";
        F_FUND = "Fondo" / "Fund";
        F_GOAL = "Obiettivo (€)" / "Goal (€)";
        F_STARTS = "Inizio" / "Start";
        F_ENDS = "Fine" / "End";
        SAVE = "Salva" / "Save";
        SAVED = "Salvato." / "Saved.";
        CREATE = "Crea come bozza" / "Create as draft";
        PUBLISH = "Pubblica" / "Publish";
        CLOSE = "Chiudi" / "Close";
        REOPEN = "Riapri" / "Reopen";
        STATUS_DRAFT = "bozza" / "draft";
        STATUS_PUBLISHED = "pubblicata" / "published";
        STATUS_CLOSED = "chiusa" / "closed";
        OFFLINE_TITLE = "Registra una donazione ricevuta a mano" / "Record a gift received by hand";
        OFFLINE_NOTE = "Nota (per le donazioni in natura: che cosa è stato donato)" / "Note (for in-kind gifts: what was given)";
        OFFLINE_EMAIL = "Email per la ricevuta (facoltativa)" / "Email for the receipt (optional)";
        OFFLINE_CASH_HINT = "Le donazioni in contanti non sono detraibili." / "Cash gifts are not tax-deductible.";
        OFFLINE_SUBMIT = "Registra e rilascia la ricevuta" / "Record and issue the receipt";
        OFFLINE_DONE = "Donazione registrata. Ricevuta n." / "Gift recorded. Receipt no.";
        EXPORT_CSV = "Scarica le donazioni (CSV)" / "Download the gifts (CSV)";
        EXP_BILLS = "Bollette pagate per le famiglie" / "Utility bills paid for families";
        EXP_GOODS = "Beni e materiali" / "Goods and materials";
        EXP_SERVICES = "Servizi" / "Services";
        EXP_STAFF = "Personale" / "Staff";
        EXP_OTHER = "Altro" / "Other";
        EXPENSES_TITLE = "Come sono stati spesi i fondi" / "How the money was spent";
        EXPENSES_NONE = "Nessuna spesa ancora registrata." / "No expenses recorded yet.";
        COL_CATEGORY = "Categoria" / "Category";
        COL_SUPPLIER = "Fornitore" / "Supplier";
        COL_DOCUMENT = "Documento" / "Document";
        VIEW_DOCUMENT = "Vedi il documento" / "See the document";
        STATEMENT_TITLE = "Importa un estratto conto" / "Import a bank statement";
        STATEMENT_INTRO = "Carica o incolla il CSV della banca (data; importo; causale). Prima vedrai l'anteprima: nulla viene registrato finché non confermi." / "Upload or paste the bank's CSV (date; amount; description). You will see a preview first: nothing is recorded until you confirm.";
        STATEMENT_FILE = "File CSV" / "CSV file";
        STATEMENT_TEXT = "Contenuto CSV" / "CSV content";
        STATEMENT_PREVIEW = "Anteprima" / "Preview";
        STATEMENT_CONFIRM = "Conferma le donazioni selezionate" / "Confirm the selected gifts";
        STATEMENT_CONFIRMED = "Donazioni confermate:" / "Gifts confirmed:";
        STATEMENT_PROBLEM = "Riga non leggibile" / "Unreadable line";
        COL_LINE = "Riga" / "Line";
        COL_OUTCOME = "Esito" / "Outcome";
        COL_CONFIRM = "Conferma" / "Confirm";
        OUT_MATCH = "Corrisponde alla donazione di" / "Matches the gift of";
        OUT_AMOUNT = "Causale trovata, ma l'importo promesso era" / "Reference found, but the pledged amount was";
        OUT_ALREADY = "Già confermata" / "Already confirmed";
        OUT_UNKNOWN = "Causale sconosciuta" / "Unknown reference";
        OUT_NONE = "Nessuna causale Legami" / "No Legami reference";
        NAV_REPORT = "Rendiconto" / "Funder report";
        REPORT_TITLE = "Rendiconto per la fondazione" / "Report to the funding foundation";
        REPORT_FROM = "Dal" / "From";
        REPORT_TO = "Al" / "To";
        REPORT_SHOW = "Mostra" / "Show";
        REPORT_INCOME = "Entrate per provenienza" / "Income by source";
        REPORT_SPENDING = "Spese per categoria" / "Spending by category";
        REPORT_CAMPAIGNS = "Per campagna e fondo" / "By campaign and fund";
        REPORT_TOTAL = "Totale" / "Total";
        REPORT_CSV = "Scarica il rendiconto (CSV)" / "Download the report (CSV)";
        REPORT_PRINT_HINT = "Per una copia su carta o in PDF usa la stampa del browser." / "For a paper or PDF copy use the browser's print.";
        COL_SOURCE = "Provenienza" / "Source";
        COL_INCOME = "Entrate" / "Income";
        COL_SPENDING = "Spese" / "Spending";
        EXPENSE_FORM_TITLE = "Registra una spesa" / "Record an expense";
        EXPENSE_DATE = "Data della spesa" / "Date of the expense";
        EXPENSE_DESCRIPTION = "Descrizione (facoltativa)" / "Description (optional)";
        EXPENSE_DOCUMENT = "Documento (PDF, JPEG o PNG, massimo 10 MB; facoltativo)" / "Document (PDF, JPEG or PNG, at most 10 MB; optional)";
        EXPENSE_SUBMIT = "Registra la spesa" / "Record the expense";
        EXPENSE_DONE = "Spesa registrata." / "Expense recorded.";
        VIEW_PUBLIC = "Vedi la pagina pubblica" / "See the public page";

        // labs and geo
        V_COORDINATES = "Posizione non valida: la longitudine va da -180 a 180 e la latitudine da -90 a 90." / "Invalid position: longitude goes from -180 to 180 and latitude from -90 to 90.";
        V_BBOX = "Area della mappa non valida: servono quattro numeri (ovest, sud, est, nord)." / "Invalid map area: four numbers are needed (west, south, east, north).";
        V_OUTSIDE_PROVINCE = "Il punto è fuori dalla provincia di Cremona." / "The point is outside the Province of Cremona.";
        V_GEOMETRY = "La forma non è un poligono valido." / "The shape is not a valid polygon.";
        V_NAME_TAKEN = "Questo nome è già usato." / "This name is already in use.";
        V_CHOICE = "Scegli uno dei valori proposti." / "Choose one of the options.";
        V_DATETIME = "Inserisci data e ora valide (aaaa-mm-gg hh:mm)." / "Enter a valid date and time (yyyy-mm-dd hh:mm).";
        V_NOT_NEGATIVE = "Inserisci un numero intero, zero o più." / "Enter a whole number, zero or more.";
        V_ATTENDANCE = "Chi partecipa per la prima volta va contato anche tra i presenti, e non può superarli." / "First-time participants are part of the total attendance and cannot exceed it.";
        ZONE_NOT_AN_AREA = "Il file deve contenere aree (Polygon o MultiPolygon), non punti o linee." / "The file must contain areas (Polygon or MultiPolygon), not points or lines.";
        ZONE_EMPTY = "La forma è vuota." / "The shape is empty.";
        ZONE_TOO_MANY_VERTICES = "La forma ha troppi vertici: semplificala prima di caricarla." / "The shape has too many vertices: simplify it before uploading.";
        ZONE_POSITION = "Ogni vertice deve avere longitudine e latitudine." / "Every vertex must have a longitude and a latitude.";
        ZONE_COORDINATES = "Coordinate fuori scala: servono longitudine e latitudine WGS84 in gradi (EPSG:4326)." / "Coordinates out of range: use WGS84 longitude and latitude in degrees (EPSG:4326).";
        ZONE_RING_TOO_SHORT = "Ogni contorno del poligono deve avere almeno 4 vertici." / "Every ring of the polygon must have at least 4 positions.";
        ZONE_RING_NOT_CLOSED = "Ogni contorno del poligono deve chiudersi: l'ultimo vertice deve essere uguale al primo." / "Every ring of the polygon must be closed: its last position must equal the first.";
        ZONE_NO_AREA = "Un poligono non racchiude alcuna area." / "A polygon encloses no area.";
        ZONE_OUTSIDE_PROVINCE = "La forma esce dai confini della provincia di Cremona." / "The shape goes beyond the boundaries of the Province of Cremona.";
        LAB_STATUS_PLANNED = "in preparazione" / "planned";
        LAB_STATUS_ACTIVE = "attivo" / "active";
        LAB_STATUS_PAUSED = "sospeso" / "paused";
        LAB_STATUS_CLOSED = "concluso" / "closed";
        PRECISION_EXACT = "Posizione esatta" / "Exact location";
        PRECISION_AREA = "Solo la zona (posizione approssimativa)" / "Area only (approximate location)";
        THEME_ISOLATION = "Isolamento e relazioni" / "Isolation and relationships";
        THEME_EDUCATION = "Sostegno educativo" / "Educational support";
        THEME_FAMILY = "Famiglie" / "Family friendly";
        THEME_WORK = "Lavoro e impresa" / "Work and enterprise";
        THEME_HOUSING = "Casa" / "Housing";
        THEME_OTHER = "Altro" / "Other";

        // calls and applications
        V_CLOSES_BEFORE_OPENS = "La chiusura deve venire dopo l'apertura." / "The closing time must be after the opening time.";
        V_AMOUNT_NOT_POSITIVE = "L'importo deve essere maggiore di zero." / "The amount must be greater than zero.";
        V_MAX_OVER_BUDGET = "L'importo massimo per domanda non può superare la dotazione del bando." / "The maximum per application cannot exceed the call's budget.";
        V_WEIGHTS_SUM = "I pesi dei criteri devono sommare esattamente a 100." / "The weights of the criteria must add up to exactly 100.";
        V_WEIGHT_ZERO = "Il peso deve essere maggiore di zero." / "The weight must be greater than zero.";
        V_NO_CRITERIA = "Aggiungi almeno un criterio di valutazione." / "Add at least one evaluation criterion.";
        V_TOO_MANY_ITEMS = "Ci sono troppe righe: togline qualcuna." / "There are too many rows: remove some.";
        V_REQUESTED_OVER_MAX = "L'importo richiesto supera il massimo previsto dal bando." / "The amount requested exceeds the call's maximum.";
        V_REQUESTED_OVER_TOTAL = "L'importo richiesto non può superare il totale del piano delle spese." / "The amount requested cannot exceed the total of the budget.";
        V_CONSENT_REQUIRED = "Per inviare la domanda devi acconsentire al trattamento dei dati personali." / "To submit the application you must agree to the processing of your personal data.";
        V_TOO_MANY_FILES = "Puoi allegare al massimo 5 file." / "You can attach at most 5 files.";
        V_FILE_TOO_LARGE = "Il file supera i 10 MB." / "The file is larger than 10 MB.";
        V_ATTACHMENT_TYPE = "Il file deve essere un PDF, un documento ODT o DOCX, un JPEG o un PNG." / "The file must be a PDF, an ODT or DOCX document, a JPEG or a PNG.";
        V_SCORE_RANGE = "Il punteggio va da 0 a 5." / "The score goes from 0 to 5.";
        V_TRANCHE_OVER_GRANT = "Con questa tranche si supera l'importo concesso." / "This instalment would exceed the amount granted.";
        CALL_STATUS_DRAFT = "bozza" / "draft";
        CALL_STATUS_OPEN = "aperto" / "open";
        CALL_STATUS_CLOSED = "chiuso" / "closed";
        CALL_STATUS_DECIDED = "esiti pubblicati" / "decided";
        ELIG_UNANSWERED = "Rispondi a questa domanda." / "Answer this question.";
        APPL_DRAFT_STAFF = "Bozza" / "Draft";
        APPL_DRAFT_APPLICANT = "Non ancora inviata: puoi continuare a scriverla" / "Not sent yet: you can keep writing it";
        APPL_SUBMITTED_STAFF = "Inviata" / "Submitted";
        APPL_SUBMITTED_APPLICANT = "Inviata: stiamo controllando che abbia i requisiti" / "Sent: we are checking that it meets the requirements";
        APPL_ELIGIBLE_STAFF = "Ammissibile" / "Eligible";
        APPL_ELIGIBLE_APPLICANT = "Ha i requisiti: presto il comitato la leggerà" / "It meets the requirements: the committee will read it soon";
        APPL_INELIGIBLE_STAFF = "Non ammissibile" / "Ineligible";
        APPL_INELIGIBLE_APPLICANT = "Non può partecipare a questo bando: leggi il motivo" / "It cannot take part in this call: read why";
        APPL_UNDER_REVIEW_STAFF = "In valutazione" / "Under review";
        APPL_UNDER_REVIEW_APPLICANT = "Il comitato sta leggendo la tua idea" / "The committee is reading your idea";
        APPL_MORE_INFO_STAFF = "Integrazione richiesta" / "More information requested";
        APPL_MORE_INFO_APPLICANT = "Ci servono altre informazioni: rispondi e inviala di nuovo" / "We need more information: reply and send it again";
        APPL_APPROVED_STAFF = "Approvata" / "Approved";
        APPL_APPROVED_APPLICANT = "La tua idea è stata scelta!" / "Your idea has been selected!";
        APPL_APPROVED_COND_STAFF = "Approvata con condizioni" / "Approved with conditions";
        APPL_APPROVED_COND_APPLICANT = "La tua idea è stata scelta, a qualche condizione: leggila" / "Your idea has been selected, on some conditions: read them";
        APPL_REJECTED_STAFF = "Respinta" / "Rejected";
        APPL_REJECTED_APPLICANT = "Questa volta la tua idea non è stata scelta: leggi il motivo" / "Your idea was not selected this time: read why";
        APPL_FUNDED_STAFF = "Finanziata" / "Funded";
        APPL_FUNDED_APPLICANT = "Finanziata: ti accompagniamo nei prossimi passi" / "Funded: we will support you in the next steps";
        APPL_CLOSED_STAFF = "Chiusa" / "Closed";
        APPL_CLOSED_APPLICANT = "La pratica è chiusa" / "This application is closed";
        APPL_WITHDRAWN_STAFF = "Ritirata" / "Withdrawn";
        APPL_WITHDRAWN_APPLICANT = "Hai ritirato la domanda" / "You withdrew the application";
        APPL_DO_SUBMIT = "Invia la domanda" / "Submit the application";
        APPL_DO_MARK_ELIGIBLE = "Segna come ammissibile" / "Mark as eligible";
        APPL_DO_MARK_INELIGIBLE = "Segna come non ammissibile" / "Mark as ineligible";
        APPL_DO_START_REVIEW = "Avvia la valutazione" / "Start the review";
        APPL_DO_REQUEST_INFO = "Chiedi un'integrazione" / "Ask for more information";
        APPL_DO_RESUBMIT = "Invia le integrazioni" / "Send the additional information";
        APPL_DO_APPROVE = "Approva" / "Approve";
        APPL_DO_APPROVE_COND = "Approva con condizioni" / "Approve with conditions";
        APPL_DO_REJECT = "Respingi" / "Reject";
        APPL_DO_FUND = "Segna come finanziata" / "Mark as funded";
        APPL_DO_CLOSE = "Chiudi la pratica" / "Close the application";
        APPL_DO_WITHDRAW = "Ritira la domanda" / "Withdraw the application";
        APPL_DO_RECUSE = "Astensione dalla valutazione: è una domanda sua" / "Recused from the review: their own application";
        APPL_NOT_FROM_STATE = "Questa operazione non è possibile nello stato attuale della domanda." / "This action is not possible in the application's current state.";
        APPL_NOT_FOR_ACTOR = "Non puoi fare questa operazione su questa domanda." / "You cannot take this action on this application.";
        APPL_NOTE_REQUIRED = "Scrivi la motivazione: per questa operazione è obbligatoria." / "Write the reason: it is required for this action.";
        APPL_BY_SYSTEM = "Legami (automatico)" / "Legami (automatic)";
        APPL_BY_APPLICANT = "Chi ha presentato la domanda" / "The applicant";
        LETTER_UNKNOWN = "Segnaposto sconosciuti:" / "Unknown placeholders:";
        LETTER_UNCLOSED = "Un segnaposto non è chiuso con }} alla riga" / "A placeholder is not closed with }} on line";
        CHECK_6_MONTHS = "Verifica a 6 mesi" / "6-month check";
        CHECK_12_MONTHS = "Verifica a 12 mesi" / "12-month check";
        CHECK_24_MONTHS = "Verifica a 24 mesi" / "24-month check";
        V_NOT_ELIGIBLE = "Con questa risposta non puoi partecipare al bando: leggi la spiegazione sotto la domanda." / "With this answer you cannot take part in the call: read the explanation under the question.";
        V_GRANT_OVER_REQUESTED = "L'importo concesso non può superare quello richiesto." / "The amount granted cannot exceed the amount requested.";
        V_LETTER_PLACEHOLDER = "Il modello contiene un segnaposto sconosciuto o non chiuso. Si possono usare {{nome}}, {{idea}}, {{bando}}, {{importo}}, {{motivazione}}, {{data}}." / "The template contains an unknown or unclosed placeholder. You can use {{nome}}, {{idea}}, {{bando}}, {{importo}}, {{motivazione}}, {{data}}.";
        V_NOT_EVALUATOR = "Questa persona non ha il ruolo di valutatore." / "This person does not have the evaluator role.";
        V_OWN_APPLICATION = "Questa persona ha presentato la domanda, o ha aiutato a presentarla: non può valutarla." / "This person submitted the application, or helped to submit it: they cannot assess it.";
        ERR_STALE_VERSION = "La domanda è stata salvata da un'altra scheda o da un altro dispositivo: ricarica la pagina per vedere l'ultima versione." / "The application was saved from another tab or device: reload the page to see the latest version.";
        ERR_CALL_NOT_OPEN = "Il bando non accetta domande in questo momento: le bozze si possono leggere ma non più modificare né inviare." / "The call is not accepting applications now: drafts can be read but no longer changed or submitted.";
        APPL_NOTICE_SUBJECT = "Aggiornamento sulla tua domanda" / "An update on your application";
        APPL_NOTICE_STATE = "La tua domanda è ora in questo stato:" / "Your application is now in this state:";
        APPL_NOTICE_NOTE = "Nota:" / "Note:";
        APPL_NOTICE_LINK = "Leggi la domanda e la sua storia su Legami:" / "Read the application and its history on Legami:";
        APPL_DECISION_SUBJECT = "Esito della tua domanda" / "The outcome of your application";
        APPL_MESSAGE_SUBJECT = "Un messaggio sulla tua domanda" / "A message about your application";
        APPL_FEEDBACK = "Cosa migliorare:" / "What to improve:";
        APPL_NEXT_STEP = "Il passo che ti suggeriamo:" / "The next step we suggest:";

        MAP_ADMIN_TITLE = "Temi, ambiti e quartieri" / "Themes, districts and zones";
        MAP_ADMIN_THEMES = "Temi dei laboratori" / "Lab themes";
        THEME_KEY = "Codice" / "Key";
        THEME_KEY_HINT = "Lettere minuscole e trattini, per esempio «orti-urbani»; non cambia più." / "Lower-case letters and hyphens, for example “urban-gardens”; it never changes.";
        THEME_LABEL_IT = "Nome in italiano" / "Name in Italian";
        THEME_LABEL_EN = "Nome in inglese" / "Name in English";
        MAP_ADMIN_NEW_THEME = "Nuovo tema" / "New theme";
        MAP_ADMIN_ADD_THEME = "Aggiungi il tema" / "Add the theme";
        MAP_ADMIN_DISTRICTS = "Ambiti" / "Districts";
        MAP_ADMIN_MUNICIPALITIES = "comuni" / "municipalities";
        MAP_ADMIN_EDIT = "Modifica" / "Edit";
        MAP_ADMIN_NEW_DISTRICT = "Nuovo ambito" / "New district";
        MAP_ADMIN_EDIT_DISTRICT = "Modifica l'ambito" / "Edit the district";
        MAP_ADMIN_DISTRICT_NAME = "Nome dell'ambito" / "Name of the district";
        MAP_ADMIN_MOVE_HINT = "Un comune sta in un solo ambito: sceglierlo qui lo toglie dall'ambito indicato tra parentesi." / "A municipality belongs to one district only: choosing it here takes it from the district shown in brackets.";
        MAP_ADMIN_ZONES = "Quartieri" / "Zones";
        MAP_ADMIN_NO_ZONES = "Nessun quartiere importato." / "No zones imported.";
        MAP_ADMIN_ZONES_DONE = "Quartieri importati" / "Zones imported";
        MAP_ADMIN_DELETE = "Elimina" / "Delete";
        MAP_ADMIN_GEOJSON = "File GeoJSON dei quartieri" / "GeoJSON file of the zones";
        MAP_ADMIN_GEOJSON_HINT = "Incolla una FeatureCollection in WGS84 di poligoni o multipoligoni dentro la provincia, con la proprietà «name» (o «nome»). Si importano tutti o nessuno." / "Paste a WGS84 FeatureCollection of polygons or multipolygons inside the province, with a “name” (or “nome”) property. All are imported or none.";
        MAP_ADMIN_IMPORT = "Importa i quartieri" / "Import the zones";
        FOLLOW_TITLE = "Accompagnamento dell'impresa" / "Following the enterprise";
        FOLLOW_GRANTED = "Contributo concesso" / "Grant awarded";
        FOLLOW_REMAINING = "ancora da assegnare in tranche" / "not yet planned in instalments";
        FOLLOW_FUNDED_ON = "finanziata il" / "funded on";
        FOLLOW_MILESTONES = "Tappe" / "Milestones";
        FOLLOW_DUE = "entro il" / "due";
        FOLLOW_DUE_DATE = "Scadenza" / "Due date";
        FOLLOW_DONE_ON = "raggiunta il" / "reached on";
        FOLLOW_MARK_DONE = "Segna come raggiunta" / "Mark as reached";
        FOLLOW_ADD_MILESTONE = "Aggiungi una tappa" / "Add a milestone";
        FOLLOW_MILESTONE_TITLE = "Tappa" / "Milestone";
        FOLLOW_TRANCHES = "Tranche del contributo" / "Grant instalments";
        FOLLOW_PAID_ON = "pagata il" / "paid on";
        FOLLOW_FOR_MILESTONE = "Legata alla tappa" / "Tied to the milestone";
        FOLLOW_ADD_TRANCHE = "Aggiungi una tranche" / "Add an instalment";
        FOLLOW_MENTORING = "Diario dell'accompagnamento" / "Mentoring log";
        FOLLOW_ADD_MENTORING = "Aggiungi un incontro" / "Add a session";
        FOLLOW_HELD_ON = "Data dell'incontro" / "Date of the session";
        FOLLOW_MENTOR = "Chi ha accompagnato" / "Mentor";
        FOLLOW_TOPIC = "Argomento" / "Topic";
        FOLLOW_CHECKS = "Verifiche a 6, 12 e 24 mesi" / "Checks at 6, 12 and 24 months";
        FOLLOW_CHECKPOINT = "Verifica" / "Check";
        FOLLOW_CHECKED_ON = "verificata il" / "checked on";
        FOLLOW_ACTIVE = "L'impresa è attiva" / "The enterprise is running";
        FOLLOW_NOT_ACTIVE = "L'impresa non è più attiva" / "The enterprise is no longer running";
        FOLLOW_PEOPLE = "Persone che ci lavorano" / "People working in it";
        FOLLOW_ADD_CHECK = "Registra la verifica" / "Record the check";
        DASHBOARD_TITLE = "Quadro delle domande" / "Applications at a glance";
        DASHBOARD_BY_STATE = "Per bando e stato" / "By call and state";
        DASHBOARD_BY_LAB = "Per laboratorio di provenienza" / "By lab of origin";
        DASHBOARD_NO_LAB = "Nessun laboratorio indicato" / "No lab given";
        COL_CALL = "Bando" / "Call";
        COL_COUNT = "Domande" / "Applications";
        COL_DISTRICT = "Ambito" / "District";
        CALL_PANEL = "Valutatori del bando" / "The call's evaluators";
        CALL_PANEL_HINT = "Le persone con il ruolo di valutatore; chi è spuntato valuta ogni domanda del bando." / "People with the evaluator role; those ticked review every application of the call.";
        CALL_NO_CANDIDATES = "Nessuna persona ha il ruolo di valutatore: un amministratore può darlo dalla pagina Persone." / "Nobody has the evaluator role: an administrator can grant it on the People page.";
        ASSISTED_TITLE = "Domanda assistita" / "Assisted application";
        ASSISTED_HINT = "Compila la domanda insieme a una persona: se non è registrata, viene creata e potrà scegliere la password con «Password dimenticata»." / "Fill in the application with a resident: if they are not registered, an account is created and they can choose a password through “Forgot password”.";
        ASSISTED_NAME = "Nome e cognome (solo se non è registrata)" / "Full name (only if not registered)";
        ASSISTED_CONSENT = "La persona ha acconsentito, davanti a me, al trattamento dei suoi dati" / "The person agreed, in front of me, to the processing of their data";
        ASSISTED_START = "Inizia la domanda assistita" / "Start the assisted application";
        // calls pages
        YES = "Sì" / "Yes";
        NO = "No" / "No";
        CALLS_INTRO = "Hai un'idea per un'impresa che aiuti il tuo quartiere? Leggi i bandi aperti, verifica i requisiti e presenta la domanda: puoi scriverla con calma, si salva da sola." / "Do you have an idea for a business that helps your neighbourhood? Read the open calls, check the requirements and apply: you can write it at your own pace, it saves itself.";
        CALLS_LIST = "Bandi" / "Calls";
        CALLS_MINE = "Le mie domande" / "My applications";
        CALLS_BACK = "← Tutti i bandi" / "← All calls";
        CALL_ACCEPTING = "accetta domande" / "accepting applications";
        CALL_PERIOD = "Domande dal" / "Applications from";
        CALL_BUDGET = "Dotazione del bando" / "Call budget";
        CALL_MAX = "Contributo massimo per idea" / "Maximum grant per idea";
        CALL_CRITERIA = "Come vengono valutate le idee" / "How ideas are assessed";
        CALL_APPLICATIONS = "Domande" / "Applications";
        CALL_NOT_ACCEPTING = "Questo bando non accetta domande in questo momento." / "This call is not accepting applications at the moment.";
        CALL_APPLY = "Presenta la tua idea" / "Apply with your idea";
        CALL_ELIGIBILITY_INTRO = "Prima di scrivere, rispondi a queste domande: ti diciamo subito se puoi partecipare." / "Before writing, answer these questions: we tell you at once whether you can take part.";
        CALL_START = "Verifica e inizia la domanda" / "Check and start the application";
        CALL_SIGN_IN_TO_APPLY = "Per presentare una domanda accedi o registrati: così puoi riprenderla da qualsiasi dispositivo." / "To apply, sign in or register: then you can pick it up again from any device.";
        CALL_NEW = "Nuovo bando" / "New call";
        CALL_EDIT = "Modifica il bando" / "Edit the call";
        CALL_TITLE = "Titolo del bando" / "Title of the call";
        CALL_DESCRIPTION = "Descrizione" / "Description";
        CALL_OPENS = "Apertura delle domande" / "Applications open";
        CALL_CLOSES = "Chiusura delle domande" / "Applications close";
        CALL_ROME_TIME = "Ora di Roma." / "Rome time.";
        CALL_BLIND = "Valutazione anonima: i valutatori non vedono chi presenta la domanda" / "Blind review: evaluators do not see who applied";
        CALL_QUESTIONS = "Requisiti" / "Eligibility questions";
        CALL_QUESTIONS_HINT = "Domande sì/no a cui chi vuole partecipare risponde prima di scrivere; la spiegazione dice perché, con un'altra risposta, non può partecipare." / "Yes/no questions applicants answer before writing; the explanation says why, with another answer, they cannot take part.";
        CALL_QUESTION = "Domanda" / "Question";
        CALL_REQUIRED_YES = "Per partecipare bisogna rispondere «Sì» (altrimenti «No»)" / "Applicants must answer “Yes” to take part (otherwise “No”)";
        CALL_EXPLANATION = "Spiegazione per chi non ha il requisito" / "Explanation for those who do not qualify";
        CALL_ADD_QUESTION = "Aggiungi un requisito" / "Add a question";
        CALL_REMOVE_QUESTION = "Togli il requisito" / "Remove the question";
        CALL_CRITERIA_HINT = "Punteggi da 0 a 5; i pesi devono sommare a 100. Ora sommano:" / "Scores from 0 to 5; the weights must add up to 100. They now add up to:";
        CALL_CRITERION = "Criterio" / "Criterion";
        CALL_WEIGHT = "Peso (%)" / "Weight (%)";
        CALL_CRITERION_DESCRIPTION = "Che cosa guardare" / "What to look at";
        CALL_ADD_CRITERION = "Aggiungi un criterio" / "Add a criterion";
        CALL_REMOVE_CRITERION = "Togli il criterio" / "Remove the criterion";
        CALL_SAVE = "Salva il bando" / "Save the call";
        CALL_STAFF_TOOLS = "Gestione del bando" / "Managing the call";
        CALL_SET_STATUS = "Cambia stato in" / "Change status to";
        APPLICATIONS_NONE = "Nessuna domanda, per ora." / "No applications yet.";
        COL_IDEA = "Idea" / "Idea";
        COL_APPLICANT = "Chi la presenta" / "Applicant";
        COL_STATE = "Stato" / "State";
        COL_REQUESTED = "Richiesto" / "Requested";
        COL_EVALUATOR = "Valutatore" / "Evaluator";
        COL_WEIGHTED = "Punteggio pesato" / "Weighted score";
        COL_MEAN = "Media pesata" / "Weighted mean";
        COL_MEDIAN = "Mediana" / "Median";
        COL_SPREAD = "Scarto" / "Spread";
        COL_REVIEWS = "Valutazioni" / "Reviews";
        APPL_PAGE_TITLE = "Domanda" / "Application";
        APPL_UNTITLED = "Idea senza titolo" / "Untitled idea";
        APPL_BACK_TO_CALL = "← Bando:" / "← Call:";
        APPL_STATE = "A che punto è la domanda" / "Where the application stands";
        APPL_ASSISTED_BY = "Compilata con l'aiuto di" / "Filled in with the help of";
        APPL_SUBMITTED_AT = "Inviata il" / "Submitted on";
        APPL_LETTER = "La lettera con l'esito" / "The decision letter";
        APPL_CONTENT = "La domanda" / "The application";
        APPL_IDEA_TITLE = "Titolo dell'idea" / "Title of the idea";
        APPL_IDEA_TITLE_HINT = "Poche parole che la descrivano, per esempio «Bottega del riuso di quartiere»." / "A few words that describe it, for example “Neighbourhood reuse shop”.";
        APPL_SUMMARY = "In breve" / "In short";
        APPL_SUMMARY_HINT = "Che cosa vuoi fare, in poche righe." / "What you want to do, in a few lines.";
        APPL_PROBLEM = "Il problema e chi ne ha bisogno" / "The problem and who needs it";
        APPL_PROBLEM_HINT = "Quale bisogno risolve la tua idea e chi saranno i clienti." / "Which need your idea meets and who the customers will be.";
        APPL_TEAM = "La squadra" / "The team";
        APPL_TEAM_HINT = "Chi lavorerà all'idea e che cosa sa fare." / "Who will work on the idea and what they can do.";
        APPL_BENEFIT = "Il beneficio per la comunità" / "The benefit to the community";
        APPL_BENEFIT_HINT = "Che cosa cambia per il quartiere e per le persone che ci vivono." / "What changes for the neighbourhood and the people who live there.";
        APPL_BUDGET = "Piano delle spese" / "Budget";
        APPL_BUDGET_HINT = "Una riga per ogni spesa, con l'importo in euro (per esempio 1.250,00)." / "One line per expense, with the amount in euros (for example 1,250.00).";
        APPL_BUDGET_ITEM = "Voce di spesa" / "Expense";
        APPL_BUDGET_AMOUNT = "Importo" / "Amount";
        APPL_BUDGET_ADD = "Aggiungi una voce" / "Add a line";
        APPL_BUDGET_REMOVE = "Togli la voce" / "Remove the line";
        APPL_BUDGET_TOTAL = "Totale delle spese" / "Total of the budget";
        APPL_REQUESTED = "Contributo richiesto" / "Grant requested";
        APPL_REQUESTED_HINT = "Non più del totale delle spese e al massimo" / "No more than the budget's total and at most";
        APPL_LAB = "Laboratorio da cui nasce l'idea" / "Lab the idea came from";
        APPL_LAB_HINT = "Facoltativo: se l'idea è nata in un laboratorio di quartiere." / "Optional: if the idea was born in a neighbourhood lab.";
        APPL_LAB_NONE = "Nessuno" / "None";
        APPL_CONSENT = "Acconsento al trattamento dei miei dati personali per valutare questa domanda (informativa ai sensi del Regolamento UE 2016/679)." / "I agree to the processing of my personal data to assess this application (notice under EU Regulation 2016/679).";
        APPL_SUBMIT_HINT = "Dopo l'invio la domanda non si può più modificare, se non su nostra richiesta." / "Once submitted, the application can no longer be changed, unless we ask for more information.";
        DRAFT_PENDING = "Modifiche non ancora salvate…" / "Changes not saved yet…";
        DRAFT_SAVING = "Salvataggio in corso…" / "Saving…";
        DRAFT_SAVED_AT = "Bozza salvata alle" / "Draft saved at";
        DRAFT_NOT_SAVED = "Bozza non salvata:" / "Draft not saved:";
        APPL_ATTACHMENTS = "Allegati" / "Attachments";
        APPL_ATTACHMENT_N = "Allegato" / "Attachment";
        APPL_ADD_FILE = "Aggiungi un allegato" / "Add an attachment";
        APPL_FILE_HINT = "PDF, ODT, DOCX, JPEG o PNG; fino a 10 MB ciascuno, al massimo 5 file." / "PDF, ODT, DOCX, JPEG or PNG; up to 10 MB each, at most 5 files.";
        APPL_UPLOAD = "Carica il file" / "Upload the file";
        APPL_CHOOSE_FILE = "Scegli prima un file." / "Choose a file first.";
        APPL_REMOVE_FILE = "Togli" / "Remove";
        APPL_ACTIONS = "Che cosa puoi fare" / "What you can do";
        APPL_NOTE = "Nota" / "Note";
        APPL_NOTE_HINT = "Facoltativa." / "Optional.";
        APPL_NOTE_HINT_REQUIRED = "Obbligatoria per non ammettere o per chiedere un'integrazione: chi ha presentato la domanda la leggerà." / "Required to mark as ineligible or to ask for more information: the applicant will read it.";
        APPL_NOTES = "Note interne" / "Internal notes";
        APPL_MESSAGES = "Messaggi per te" / "Messages for you";
        APPL_NEW_NOTE = "Nuova nota" / "New note";
        APPL_NOTE_TO_APPLICANT = "Invia come messaggio a chi ha presentato la domanda (riceve anche un'email)" / "Send as a message to the applicant (they also get an email)";
        APPL_TO_APPLICANT = "messaggio al richiedente" / "message to the applicant";
        APPL_ADD_NOTE = "Aggiungi la nota" / "Add the note";
        APPL_TIMELINE = "La storia della domanda" / "The application's history";
        DECISION_TITLE = "Decisione" / "Decision";
        DECISION_CHOOSE = "Esito" / "Outcome";
        DECISION_MOTIVATION = "Motivazione o condizioni" / "Reason or conditions";
        DECISION_MOTIVATION_HINT = "Entra nella lettera al posto di {{motivazione}}." / "Goes into the letter in place of {{motivazione}}.";
        DECISION_GRANTED = "Contributo concesso" / "Grant awarded";
        DECISION_GRANTED_HINT = "Vuoto: l'importo richiesto," / "Empty: the amount requested,";
        DECISION_FEEDBACK = "Che cosa migliorare" / "What to improve";
        DECISION_FEEDBACK_HINT = "Obbligatorio se la domanda è respinta: un riscontro utile per chi l'ha scritta." / "Required for a rejection: useful feedback for whoever wrote it.";
        DECISION_NEXT_STEP = "Il passo che suggeriamo" / "The next step we suggest";
        DECISION_NEXT_STEP_HINT = "Obbligatorio se la domanda è respinta: per esempio un corso, un laboratorio, un altro programma." / "Required for a rejection: for example a course, a lab, another programme.";
        DECISION_LETTER = "Lettera" / "Letter";
        DECISION_LETTER_HINT = "Segnaposto: {{nome}}, {{idea}}, {{bando}}, {{importo}}, {{motivazione}}, {{data}}." / "Placeholders: {{nome}}, {{idea}}, {{bando}}, {{importo}}, {{motivazione}}, {{data}}.";
        DECISION_SEND = "Registra la decisione e invia la lettera" / "Record the decision and send the letter";
        LETTER_TEMPLATE_APPROVE = "Gentile {{nome}},\n\nsiamo lieti di comunicarti che la tua idea «{{idea}}», presentata al bando «{{bando}}», è stata scelta dal comitato, con un contributo di {{importo}}.\n\n{{motivazione}}\n\nNei prossimi giorni ti contatteremo per i passi successivi.\n\nCremona, {{data}}" / "Dear {{nome}},\n\nwe are glad to tell you that your idea “{{idea}}”, submitted to the call “{{bando}}”, has been selected by the committee, with a grant of {{importo}}.\n\n{{motivazione}}\n\nWe will contact you in the next few days about the next steps.\n\nCremona, {{data}}";
        LETTER_TEMPLATE_CONDITIONS = "Gentile {{nome}},\n\nla tua idea «{{idea}}», presentata al bando «{{bando}}», è stata scelta dal comitato, con un contributo di {{importo}}, a queste condizioni:\n\n{{motivazione}}\n\nNei prossimi giorni ti contatteremo per i passi successivi.\n\nCremona, {{data}}" / "Dear {{nome}},\n\nyour idea “{{idea}}”, submitted to the call “{{bando}}”, has been selected by the committee, with a grant of {{importo}}, on these conditions:\n\n{{motivazione}}\n\nWe will contact you in the next few days about the next steps.\n\nCremona, {{data}}";
        LETTER_TEMPLATE_REJECT = "Gentile {{nome}},\n\nti ringraziamo per aver presentato la tua idea «{{idea}}» al bando «{{bando}}». Questa volta il comitato non ha potuto sceglierla.\n\n{{motivazione}}\n\nQui sotto trovi che cosa migliorare e il passo che ti suggeriamo: saremo felici di accompagnarti.\n\nCremona, {{data}}" / "Dear {{nome}},\n\nthank you for submitting your idea “{{idea}}” to the call “{{bando}}”. This time the committee could not select it.\n\n{{motivazione}}\n\nBelow you will find what to improve and the next step we suggest: we will be glad to support you.\n\nCremona, {{data}}";
        REVIEW_DECLARE_TITLE = "Conflitto di interessi" / "Conflict of interest";
        REVIEW_DECLARE_INTRO = "Prima di leggere la domanda, dichiara se hai un conflitto di interessi (per esempio un legame di parentela, di lavoro o di amicizia con chi la presenta). Con un conflitto non la valuterai e non ne vedrai il contenuto." / "Before reading the application, declare whether you have a conflict of interest (for example a family, work or friendship tie with the applicant). With a conflict you will not assess it or see its content.";
        REVIEW_DECLARE_QUESTION = "Hai un conflitto di interessi con questa domanda?" / "Do you have a conflict of interest with this application?";
        REVIEW_NO_CONFLICT = "No, nessun conflitto" / "No, no conflict";
        REVIEW_HAS_CONFLICT = "Sì, ho un conflitto" / "Yes, I have a conflict";
        REVIEW_CONFLICT_REASON = "Di che conflitto si tratta" / "What the conflict is";
        REVIEW_CONFLICT_DECLARED = "Conflitto di interessi dichiarato" / "Conflict of interest declared";
        REVIEW_DECLARE_SEND = "Invia la dichiarazione" / "Send the declaration";
        REVIEW_RECUSED = "Grazie: hai dichiarato un conflitto di interessi, quindi non valuterai questa domanda." / "Thank you: you declared a conflict of interest, so you will not assess this application.";
        REVIEW_SCORE_TITLE = "La tua valutazione" / "Your assessment";
        REVIEW_SCORE_INTRO = "Dai a ogni criterio un punteggio da 0 (per nulla) a 5 (pienamente), oppure astieniti. Vedrai le valutazioni degli altri solo dopo aver inviato la tua." / "Give each criterion a score from 0 (not at all) to 5 (fully), or abstain. You will see the others' assessments only after sending yours.";
        REVIEW_SCORE = "Punteggio" / "Score";
        REVIEW_CHOOSE = "Scegli…" / "Choose…";
        REVIEW_ABSTAIN = "Mi astengo" / "I abstain";
        REVIEW_COMMENT = "Commento" / "Comment";
        REVIEW_FINAL_HINT = "Una volta inviata, la valutazione non si può più cambiare." / "Once sent, the assessment can no longer be changed.";
        REVIEW_SEND = "Invia la valutazione" / "Send the assessment";
        REVIEWS_TITLE = "Valutazioni del comitato" / "The committee's assessments";
        REVIEW_CONFLICT = "conflitto di interessi" / "conflict of interest";
        REVIEW_PENDING = "valutazione non ancora inviata" / "assessment not sent yet";
        RANKING_TITLE = "Graduatoria" / "Ranking";
        RANKING_INTRO = "Le domande in valutazione o già decise, dalla media pesata più alta. Uno scarto grande tra i valutatori merita una discussione." / "Applications under review or decided, highest weighted mean first. A large spread between evaluators deserves a discussion.";
        RANKING_MISSING = "valutazioni mancanti" / "missing reviews";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_highest_q() {
        assert_eq!(Locale::from_accept_language("en-GB,en;q=0.9,it;q=0.8"), Locale::En);
        assert_eq!(Locale::from_accept_language("de-DE,it;q=0.5,en;q=0.4"), Locale::It);
        assert_eq!(Locale::from_accept_language("fr, de"), Locale::It);
        assert_eq!(Locale::from_accept_language(""), Locale::It);
        assert_eq!(Locale::from_accept_language("en;q=0"), Locale::It);
    }

    #[test]
    fn texts_pick_the_language() {
        assert_eq!(t::NAV_MAP.get(Locale::It), "Mappa");
        assert_eq!(t::NAV_MAP.get(Locale::En), "Map");
    }

    #[test]
    fn parse_codes() {
        assert_eq!(Locale::parse("it-IT"), Some(Locale::It));
        assert_eq!(Locale::parse("EN"), Some(Locale::En));
        assert_eq!(Locale::parse("de"), None);
    }
}
