# English messages, in Project Fluent's syntax (https://projectfluent.org). Every user-facing string
# lives here; another language is another file with the same messages and the same variables
# (checked by a test). `{ $name }` variables are filled in by the views; `{ $count -> … }` chooses
# the plural form by the language's rules.

site-name = Ideaforge
site-description = Concorsi di idee, sfide a premio e campagne di raccolta fondi «tutto o niente», con ogni diritto e ogni centesimo registrati.
site-tagline = Idee, sfide e campagne, con ogni diritto e ogni centesimo registrati.
nav-sign-in = Accedi
nav-register = Registrati
nav-sign-out = Esci
nav-account = Il tuo account
nav-main = Principale
nav-menu = Menu
footer-text = Ideaforge è open source. Ogni diritto e ogni centesimo sono registrati.
footer-language = Lingua
footer-language-submit = Cambia lingua
skip-to-content = Vai al contenuto

home-title = Le aziende chiedono, gli inventori rispondono e a ognuno va il suo merito
home-lead = Ideaforge unisce tre modi di creare insieme: idee di prodotto scelte dalla community con una quota delle royalty, sfide a premio riservate con premi in denaro e campagne di raccolta fondi «tutto o niente».
home-cta-register = Crea un account gratis
home-cta-sign-in = Ho già un account
home-welcome = Ciao { $name }, che bello rivederti.
home-contests-title = Concorsi di idee
home-contests-body = Le aziende pubblicano un brief, gli inventori propongono idee, la community vota e ne discute. Le idee selezionate fanno guadagnare ai loro contributori una quota di influenza sulle royalty, e se il prodotto viene abbandonato i diritti tornano a loro.
home-challenges-title = Sfide a premio
home-challenges-body = Un committente, con il proprio nome o in forma anonima, pubblica un problema difficile con un premio già finanziato. I solutori accettano l'accordo, inviano soluzioni riservate e chi vince viene pagato dal deposito vincolato (escrow) mentre la proprietà intellettuale passa di mano.
home-campaigns-title = Campagne di raccolta fondi
home-campaigns-body = Un'idea selezionata può raccogliere fondi dai sostenitori. I contributi vengono addebitati solo se l'obiettivo è raggiunto entro la scadenza; altrimenti nessuno paga nulla.
home-record-title = Tutto a registro
home-record-body = Un registro concatenato tramite hash dimostra chi ha scritto cosa e quando, e una contabilità in partita doppia rende conto di ogni centesimo tenuto nel deposito vincolato, assegnato come premio o pagato.

register-title = Crea il tuo account
register-lead = Con un solo account puoi proporre idee, risolvere sfide, votare e sostenere campagne.
register-submit = Crea l'account
register-have-account = Hai già un account?
sign-in-title = Accedi
sign-in-submit = Accedi
sign-in-no-account = Prima volta su Ideaforge?
sign-in-failed = L'indirizzo e-mail o la password non sono corretti.
sign-in-suspended = Questo account è sospeso e non può accedere. Scrivi agli amministratori del sito se pensi che sia un errore.
field-email = Indirizzo e-mail
field-password = Password
field-password-hint = Almeno 8 caratteri. L'ideale è una frase di qualche parola.
field-display-name = Nome visualizzato
field-display-name-hint = Compare accanto alle tue idee e ai tuoi commenti.
field-current-password = Password attuale
field-new-password = Nuova password
field-token-name = Nome del token
field-token-name-hint = A cosa serve il token, per esempio "CI" o "il mio portatile".

account-title = Il tuo account
account-profile = Profilo
account-email = E-mail
account-role = Ruolo
account-member-since = Membro dal
account-password-title = Cambia password
account-password-submit = Cambia password
account-password-note = Cambiando la password chiudi le sessioni aperte sugli altri dispositivi e revochi i tuoi token API.
account-tokens-title = Token API
account-tokens-lead = I token di accesso personali permettono ai tuoi script di usare l'API JSON a tuo nome. Invia il token nell'intestazione "Authorization: Bearer <token>". Un token di sola lettura può solo leggere; un token di lettura e scrittura agisce come un membro; solo un token di amministrazione ha i poteri dello staff. Se cambi o reimposti la password, tutti i token vengono revocati.
account-tokens-none = Non hai token API.
account-tokens-create = Crea token
account-tokens-scope = Permessi
account-tokens-scope-read = Sola lettura
account-tokens-scope-write = Lettura e scrittura
account-tokens-scope-admin = Amministrazione (i tuoi poteri di staff)
account-tokens-expires = Scadenza
account-tokens-no-expiry = Alla revoca
field-token-days = Scade dopo (giorni)
field-token-days-hint = Da 1 a 365 giorni; lascia vuoto per tenerlo finché non lo revochi.
field-token-password = La tua password
field-token-password-hint = Te la chiediamo di nuovo prima di rilasciare una nuova credenziale.
account-tokens-created = Il tuo nuovo token compare qui sotto una sola volta. Copialo subito: non potrà essere mostrato di nuovo.
account-tokens-revoke = Revoca
account-tokens-created-at = Creato
account-tokens-last-used = Ultimo uso
account-tokens-never = mai
account-tokens-name = Nome

flash-registered = Ti diamo il benvenuto su Ideaforge! Il tuo account è pronto.
flash-signed-in = Hai effettuato l'accesso.
flash-signed-out = Disconnessione effettuata.
flash-picture-saved = Immagine salvata.
picture-cover = Cambia l'immagine di copertina
picture-cover-hint = PNG, JPEG o WebP, massimo 2 MB e da 64 a 6.000 pixel per lato; viene ritagliata a 1.200 × 630 e mostrata quando il concorso viene condiviso.
picture-logo = Cambia il logo
picture-logo-hint = PNG, JPEG o WebP, massimo 2 MB e da 64 a 6.000 pixel per lato; viene ritagliato in un quadrato di 256 pixel.
picture-file = Immagine
picture-upload = Carica
flash-password-changed = Password cambiata. Le altre sessioni sono state chiuse e i tuoi token API revocati.
flash-token-revoked = Token revocato.
flash-email-verified = Grazie: il tuo indirizzo e-mail è confermato.
flash-verification-sent = Ti abbiamo inviato un nuovo link di conferma.
flash-password-reset = La nuova password è impostata. Usala per accedere.
flash-language-saved = Lingua salvata.
flash-zone-saved = Fuso orario salvato.
account-email-verified = confermato
account-email-unverified = non confermato: le e-mail di notifica restano in attesa finché non lo confermi
account-email-resend = Invia di nuovo il link di conferma
account-language-title = Lingua
account-language-lead = La lingua delle pagine di Ideaforge e delle e-mail che ti invia.
account-language-label = Lingua
account-language-submit = Salva la lingua
account-zone-title = Fuso orario
account-zone-lead = Scadenze e orari vengono mostrati in questo fuso orario, e le date che inserisci nei moduli vengono lette in esso. Senza un fuso orario, gli orari sono in UTC.
account-zone-label = Fuso orario
account-zone-none = UTC (nessuno scelto)
account-zone-submit = Salva il fuso orario
language-en = English
language-it = Italiano
language-ko = 한국어
forgot-link = Hai dimenticato la password?
forgot-title = Reimposta la password
forgot-lead = Scrivi l'indirizzo e-mail del tuo account e ti invieremo un link per scegliere una nuova password.
forgot-submit = Invia il link
forgot-sent = Se esiste un account con questo indirizzo, il link è in arrivo. Vale un'ora.
reset-title = Scegli una nuova password
reset-lead = La nuova password chiude tutte le sessioni aperte e revoca i tuoi token API; poi accedi di nuovo usandola.
reset-submit = Imposta la nuova password
link-refused-title = Questo link non funziona
link-invalid = Questo link non è valido o è già stato usato.
link-expired = Questo link è scaduto.
link-refused-retry = Richiedine uno nuovo

form-has-errors = Correggi i campi segnalati qui sotto.
form-errors-count =
    { $count ->
        [one] 1 campo va corretto.
       *[other] { $count } campi vanno corretti.
    }
invalid-required = Questo campo è obbligatorio.
invalid-picture-required = Scegli un'immagine PNG, JPEG o WebP da caricare.
invalid-picture-malformed = Non riusciamo a leggere questo file come immagine PNG, JPEG o WebP.
invalid-picture-too_long = L'immagine deve pesare al massimo 2 MB.
invalid-picture-out_of_range = L'immagine deve misurare tra { $min } e { $max } pixel per lato.
invalid-too_long = Inserisci al massimo { $limit } caratteri.
invalid-too_short = Inserisci almeno { $limit } caratteri.
invalid-malformed = Il valore non è valido.
invalid-control_characters = Il testo non può contenere caratteri di controllo.
invalid-taken = È già in uso. Se è tuo, accedi.
invalid-mismatch = Non corrisponde.
invalid-out_of_range = Il valore deve essere compreso tra { $min } e { $max }.
invalid-too_many = Puoi indicare al massimo { $limit } elementi.
invalid-in_past = Indica una data futura.
invalid-before_other = Non può essere anteriore alla prima scadenza.
invalid-unknown = Non esiste.
invalid-not_public = Deve essere un indirizzo https:// pubblico su internet (non locale né privato).
invalid-q-required = Scrivi almeno una parola da cercare.
invalid-q-malformed = Non riusciamo a interpretare la ricerca. Controlla le virgolette e i nomi dei campi (title:, summary:, body:, tags:).
invalid-q-too_long = Una ricerca può contenere al massimo { $limit } caratteri.
invalid-email-malformed = Inserisci un indirizzo e-mail, per esempio nome@example.com.

error-title = Qualcosa è andato storto
error-back-home = Torna alla home
error-bad_request = Non riusciamo a interpretare la richiesta.
error-invalid_utf8 = La richiesta contiene testo che non è UTF-8 valido.
error-invalid_json = Il corpo della richiesta non è JSON valido.
error-unsupported_media_type = Il corpo della richiesta ha un tipo di contenuto non supportato.
error-unauthorized = Per farlo devi accedere.
error-invalid_credentials = L'indirizzo e-mail o la password non sono corretti.
error-forbidden = Non hai i permessi per farlo.
error-insufficient_scope = Questo token API può solo leggere. Per fare modifiche, crea un token con permessi di scrittura.
error-suspended = Questo account è sospeso. Scrivi agli amministratori del sito se pensi che sia un errore.
error-cross_site = La richiesta proviene da un altro sito ed è stata rifiutata. Ricarica la pagina e riprova.
error-not_found = Qui non c'è niente. La pagina potrebbe essere stata spostata o non essere mai esistita.
error-method_not_allowed = Questo metodo non è consentito qui.
error-payload_too_large = La richiesta è troppo grande.
error-validation_failed = Alcuni campi non sono validi.
error-too_many_requests =
    { $seconds ->
        [one] Troppi tentativi. Attendi { $seconds } secondo e riprova.
       *[other] Troppi tentativi. Attendi { $seconds } secondi e riprova.
    }
error-internal = Si è verificato un problema da parte nostra. L'abbiamo registrato: riprova.
error-own_idea = Non puoi votare la tua idea.
error-voting_closed = Le votazioni di questo concorso sono chiuse.
error-not_votable = Questa idea non si può più votare.
error-email_unconfirmed = Prima conferma il tuo indirizzo e-mail: voti e segnalazioni contano solo da indirizzi confermati. Usa il link che ti abbiamo inviato o richiedine uno nuovo dalla pagina del tuo account.
error-budget_exhausted = Hai usato tutti i tuoi voti in questo concorso. Ritira un voto per darne un altro.
error-submissions_closed = Questo concorso non accetta più nuove idee.
error-edit_window_closed = I commenti si possono modificare solo nei 15 minuti successivi alla pubblicazione.
error-conflict = Qualcun altro l'ha modificato nello stesso momento. Ricarica la pagina e riprova.
error-search_unavailable = La ricerca è in preparazione e tornerà disponibile a breve. Nel frattempo tutto il resto funziona.
error-illegal_transition = L'idea non può passare a quella fase da quella in cui si trova ora.
error-wrong_stage = L'idea non è in una fase che lo consente (le quote richiedono un'idea selezionata, i ricavi un'idea lanciata).
error-wrong_status = La sfida non è in una fase che lo consente.
error-deadline_passed = La scadenza per inviare soluzioni a questa sfida è passata.
error-already_submitted = Hai già inviato una soluzione a questa sfida. Puoi modificarla.
error-already_awarded = Questa soluzione è già stata premiata.
error-place_taken = Quel posto è già stato assegnato.
error-solutions_arrived = Sono arrivate delle soluzioni: il committente non può più annullare la sfida. Solo un amministratore può chiuderla, indicando un motivo pubblico.
error-seeker_member = Questo solutore fa parte dell'organizzazione committente: un committente non premia mai i propri membri.
error-insufficient_funds = Il saldo non copre questo importo.
error-terms_locked = La campagna è in corso: obiettivo, scadenza, valuta e commissione sono bloccati.
error-deadline_out_of_range = Lanciandola ora, la durata non rientrerebbe nei limiti consentiti. Cambia la scadenza, poi lancia la campagna.
error-pledges_exist = Ci sono già contributi dei sostenitori: ora solo un amministratore può annullare questa campagna.
error-not_live = Questa campagna non accetta contributi.
error-own_campaign = Non puoi sostenere la campagna della tua organizzazione.
error-sold_out = Questa ricompensa è esaurita. Scegline un'altra o contribuisci senza ricompensa.
error-no_pledge = Non hai contributi per questa campagna.
error-balance_out_of_range = Con questo importo il saldo supererebbe il massimo gestibile dal registro contabile (10^18 unità minime). Non è stato registrato nulla.
error-shares_fixed = Per questa idea sono già stati registrati dei ricavi: le sue quote di influenza sono definitive.
error-self_credit = Non puoi assegnarti una quota di influenza, a meno che il registro non ti abbia indicato come contributore prima della selezione dell'idea.
error-already_received = Il pagamento di questo rendiconto risulta già ricevuto.
error-nothing_owed = Per questo rendiconto non è dovuto nulla.
error-no_awards = Il committente può chiudere una sfida solo dopo aver assegnato un premio. Per chiuderla senza premi, rivolgiti a un amministratore.
error-not_judging = Le soluzioni si possono valutare e premiare solo dopo la scadenza degli invii.

nav-contests = Concorsi
nav-ideas = Idee libere
nav-search = Cerca
nav-moderation = Moderazione
nav-new-org = Nuova organizzazione

org-new-title = Crea un'organizzazione
org-new-lead = Un'organizzazione gestisce concorsi e sfide. Ne sarai titolare e potrai aggiungere membri.
org-new-submit = Crea l'organizzazione
org-contests = Concorsi
org-members = Membri
org-member-submit = Aggiungi o modifica membro
org-role-owner = Titolare
org-role-manager = Responsabile
org-role-judge = Giudice
field-org-name = Nome dell'organizzazione
field-org-slug = Nome breve per l'indirizzo
field-org-slug-hint = Da 2 a 40 caratteri tra lettere minuscole, cifre e trattini, come in /orgs/acme-labs.
field-member-email = Indirizzo e-mail del membro
field-org-role = Ruolo

contests-title = Concorsi
contests-none = Qui non ci sono ancora concorsi.
contests-none-start = Avviane uno per la tua organizzazione
contest-new-title = Avvia un concorso
contest-new-lead = Descrivi cosa stai cercando. Un moderatore approva il concorso prima che diventi pubblico.
contest-new-submit = Invia per l'approvazione
contest-approved = Aperto
contest-pending = In attesa di approvazione
contest-pending-notice = Questo concorso è in attesa dell'approvazione di un moderatore. Lo vedono solo la sua organizzazione e i moderatori.
contest-approve = Approva e pubblica
contest-submissions-close = Chiusura invii
contest-voting-closes = Fine votazioni
contest-vote-budget = Voti
contest-votes-used = Usati: { $used } su { $budget }
contest-votes-left =
    { $count ->
        [one] Ne resta 1
       *[other] Ne restano { $count }
    }
contest-unlimited = Illimitati
contest-votes-each = { $budget } a testa
contest-influence-pool = Monte royalty
contest-ip-terms = Condizioni sulla proprietà intellettuale
contest-ideas = Idee
contest-phases = Fasi
contest-phase-submission = Raccolta idee
contest-phase-voting = Votazioni
contest-phase-results = Risultati
contest-phase-ends-submission = Chiusura invii
contest-phase-ends-voting = Fine votazioni
contest-phase-closed = Concluse
contest-influence-pool-means = dei ricavi netti delle idee selezionate va ai loro contributori
contest-shortlist-at = Preselezione con i voti
contest-shortlist-votes =
    { $count ->
        [one] a 1 voto
       *[other] a { $count } voti
    }
contest-shortlist-at-means =
    { $count ->
        [one] Il primo voto che un'idea riceve la porta da sola in preselezione.
       *[other] Il voto che porta un'idea a { $count } voti la fa passare da sola in preselezione.
    }
contest-sign-in-to-vote = Accedi per votare
contest-vote-now = Vota le idee
contest-see-results = Guarda le idee più votate
step-done = completata
field-title = Titolo
field-brief = Brief
field-category = Categoria
field-submission-closes = Chiusura invii
field-voting-closes = Fine votazioni
field-utc-hint = In UTC.
field-zone-hint = Ora di { $zone }.
field-vote-budget = Voti per membro
field-vote-budget-hint = Lascia vuoto per voti illimitati.
field-shortlist-at = Preselezione a voti
field-shortlist-at-hint = Un'idea con questi voti passa da sola in preselezione. Lascia vuoto per decidere voi ogni preselezione.
field-influence-pool = Monte royalty (punti base)
field-influence-pool-hint = Quota dei ricavi netti destinata ai contributori: 500 corrisponde al 5 %.
field-ip-terms = Condizioni sulla proprietà intellettuale
field-markdown-hint = Markdown: **grassetto**, *corsivo*, elenchi e link.

ideas-none = Ancora nessuna idea. Proponi la prima!
ideas-sort = Ordina le idee
sort-top = Più votate
sort-new = Più recenti
sort-trending = Di tendenza
filter-stage = Fase
filter-any = Qualsiasi
filter-apply = Filtra
field-tag = Tag
page-previous = ← Precedente
page-next = Successiva →
open-ideas-title = Idee libere
open-ideas-lead = Idee proposte al di fuori dei concorsi. Vota quelle che vorresti veder realizzate.

idea-new-title = Proponi un'idea
idea-edit-title = Modifica la tua idea
idea-for-contest = Per il concorso
idea-submit-to-contest = Proponi un'idea
idea-save = Salva l'idea
field-summary = Riassunto
field-body = Descrizione
field-tags = Tag
field-tags-hint = Fino a 8, separati da virgole.
field-language = Lingua
field-language-detect = Riconoscila dal testo
field-language-hint = La lingua in cui scrivi: le pagine la indicano e la ricerca legge il testo in quella lingua.
field-co-authors = Coautori
field-co-authors-hint = Indirizzi e-mail dei membri che ci hanno lavorato con te, separati da virgole.
idea-by = di
idea-merged-into = Questa idea è stata unita all'idea
idea-history-link = Cronologia (versione { $revision })
idea-edit = Modifica
idea-withdraw = Ritira questa idea
idea-move-stage = Sposta in un'altra fase
idea-move-submit = Sposta
idea-timeline = Cronologia delle fasi
timeline-submitted = Inviata
timeline-by-votes =
    { $count ->
        [one] la comunità: ha raggiunto 1 voto, la soglia del concorso
       *[other] la comunità: ha raggiunto { $count } voti, la soglia del concorso
    }
field-stage = Nuova fase
field-duplicate-of = Duplicato dell'idea numero (per le unioni)
field-reason = Motivo (visibile nella cronologia)
follow = Segui
unfollow = Non seguire più
vote-cast = Vota questa idea
vote-withdraw = Ritira il tuo voto
vote-sign-in = Accedi per votare
vote-count =
    { $count ->
        [one] 1 voto
       *[other] { $count } voti
    }
vote-cast-named =
    { $count ->
        [one] Vota “{ $title }”, 1 voto
       *[other] Vota “{ $title }”, { $count } voti
    }
vote-withdraw-named =
    { $count ->
        [one] Ritira il tuo voto a “{ $title }”, 1 voto
       *[other] Ritira il tuo voto a “{ $title }”, { $count } voti
    }
vote-sign-in-named =
    { $count ->
        [one] Accedi per votare “{ $title }”, 1 voto
       *[other] Accedi per votare “{ $title }”, { $count } voti
    }
stage-submitted = Inviata
stage-shortlisted = Preselezionata
stage-selected = Selezionata
stage-in_development = In sviluppo
stage-launched = Lanciata
stage-rejected = Respinta
stage-withdrawn = Ritirata
stage-abandoned = Abbandonata
stage-duplicate = Duplicata

comments-title = Commenti ({ $count })
comment-post = Pubblica il commento
comment-reply = Rispondi
comment-edit = Modifica
comment-save = Salva
comment-delete = Elimina
comment-flag = Segnala
comment-edited = modificato
comment-deleted = Questo commento è stato eliminato.
comment-hidden = Questo commento è nascosto finché un moderatore non lo esamina.
comment-sign-in = Accedi per partecipare alla discussione.
field-comment = Il tuo commento

history-title = Cronologia di “{ $title }”
history-back = Torna all'idea
history-revision = Versione { $revision }

moderation-title = Moderazione
moderation-pending-contests = Concorsi in attesa di approvazione
moderation-flagged-comments = Commenti nascosti per segnalazioni
moderation-nothing = Niente da esaminare.
moderation-on-idea = Su questa idea
moderation-restore = Ripristina
moderation-delete = Elimina

flash-org-created = La tua organizzazione è pronta.
flash-member-set = Membro salvato.
flash-contest-created = Concorso inviato. Un moderatore lo approverà prima che diventi pubblico.
flash-contest-approved = Il concorso è approvato e pubblico.
flash-idea-submitted = La tua idea è stata inviata.
flash-idea-saved = Le modifiche sono state salvate come nuova versione.
flash-stage-moved = Fase cambiata.
flash-comment-deleted = Commento eliminato.
flash-comment-flagged = Grazie. Il commento è stato segnalato per la revisione.
flash-moderated = Fatto.
home-open-contests = Concorsi aperti
home-all-contests = Tutti i concorsi →
take-part-sign-in = Accedi per partecipare
home-unread =
    { $count ->
        [one] Hai 1 notifica non letta
       *[other] Hai { $count } notifiche non lette
    }
home-cta-submit = Proponi un'idea
home-stat-contests =
    { $count ->
        [one] concorso
       *[other] concorsi
    }
home-stat-challenges =
    { $count ->
        [one] sfida aperta
       *[other] sfide aperte
    }
home-stat-campaigns =
    { $count ->
        [one] campagna in corso
       *[other] campagne in corso
    }
home-open-challenges = Sfide aperte
home-no-challenges = Al momento non ci sono sfide aperte. Le organizzazioni possono pubblicarne una dalla loro pagina.
home-all-challenges = Tutte le sfide →
home-no-contests = Al momento non ci sono concorsi aperti. Le idee libere sono sempre benvenute.
home-live-campaigns = Campagne in corso
home-no-campaigns = Al momento nessuna campagna accetta contributi.
home-my-ideas = Le tue idee
home-my-ideas-none = Non hai ancora proposto nessuna idea.
home-all-my-ideas = Tutte le tue idee
home-my-votes = I tuoi voti
home-my-news = Ultime novità
home-all-news = Tutte le notifiche
home-chosen-ideas = Scelte dalle aziende
home-all-campaigns = Tutte le campagne →

search-title = Cerca
search-label = Cerca idee
search-placeholder = Parole, "una frase", -esclusa
search-button = Cerca
search-help = Prima compaiono i risultati con tutte le parole. Metti una frase tra virgolette, escludi una parola con il meno (bollitore -elettrico), usa OR per trovare l'una o l'altra parola, filtra con tag:, stage:, category: o kind:. Funziona in qualsiasi lingua.
search-did-you-mean = Forse cercavi:
search-corrected = Nessun risultato per “{ $q }”. Ecco i risultati per:
search-partial = Questi risultati contengono alcune delle tue parole, non tutte:
search-results =
    { $count ->
        [one] 1 risultato per “{ $q }”
       *[other] { $count } risultati per “{ $q }”
    }
search-none = Nessun risultato. Prova con meno parole o con parole diverse.
search-unavailable = La ricerca è in preparazione e tornerà disponibile a breve. Nel frattempo tutto il resto funziona.
search-sort-label = Ordina per
search-sort-relevance = Pertinenza
search-sort-top = Più votati
search-sort-new = Più recenti
search-facet-kind = Tipo
search-facet-category = Categoria
search-facet-stage = Fase
search-facet-tag = Tag
search-kind-idea = Idea
search-kind-challenge = Sfida
search-kind-campaign = Campagna
search-filter-remove = Rimuovi questo filtro

similar-title = Idee simili già presenti
similar-lead = La tua è una di queste? Vota o commenta lì invece di proporla di nuovo.
similar-on-page = Idee simili

# Challenges
nav-challenges = Sfide
nav-money = Depositi vincolati e pagamenti
nav-seeker = Le mie sfide
nav-my-solutions = Le mie soluzioni
nav-my-ideas = Le mie idee
challenges-title = Sfide
challenges-none = Qui non ci sono ancora sfide.
challenge-anonymous-seeker = Committente anonimo
challenge-status-draft = Bozza
challenge-status-in_review = In revisione
challenge-status-open = Aperta
challenge-status-judging = In valutazione
challenge-status-awarded = Premiata
challenge-status-closed = Chiusa
challenge-status-cancelled = Annullata
challenge-type-ideation = Ideazione
challenge-type-theoretical = Teorica
challenge-type-reduction_to_practice = Realizzazione pratica
challenge-type-proposal = Proposta
challenge-difficulty-low = Bassa
challenge-difficulty-medium = Media
challenge-difficulty-high = Alta
challenge-ip-assign = I vincitori cedono la proprietà intellettuale al committente
challenge-ip-licence = I vincitori mantengono la proprietà intellettuale e la concedono in licenza al committente
challenge-ip-solver_keeps = I solutori mantengono la proprietà intellettuale
challenge-filter-status = Stato
challenge-filter-type = Tipo
challenge-filter-category = Categoria
challenge-filter-any = Qualsiasi
challenge-filter-apply = Filtra
challenge-new-title = Nuova sfida
challenge-new-lead = Descrivi il problema in modo neutro per tutti e tieni nei dettagli riservati ciò che possono leggere solo i solutori che accettano il tuo accordo. Un moderatore esamina la sfida, che si apre quando il montepremi e la commissione della piattaforma sono nel deposito vincolato.
challenge-new-submit = Salva come bozza
challenge-edit-title = Modifica la bozza
challenge-edit-submit = Salva le modifiche
challenge-field-statement = Descrizione pubblica
challenge-field-statement-hint = La possono leggere tutti. Puoi usare il Markdown.
challenge-field-details = Dettagli riservati
challenge-field-details-hint = Li possono leggere solo i solutori che accettano l'accordo della sfida, la tua organizzazione e gli amministratori.
challenge-field-type = Tipo
challenge-field-difficulty = Difficoltà
challenge-field-award = Montepremi
challenge-field-award-hint = Un importo come 15000.00.
challenge-field-currency = Valuta
challenge-field-split = Ripartizione tra i vincitori (%)
challenge-field-split-hint = Percentuale per ogni posto, con totale 100, ad es. 60, 40.
challenge-field-deadline = Scadenza per l'invio delle soluzioni
challenge-field-criteria = Criteri di valutazione
challenge-field-criteria-hint = Uno per riga nel formato nome: peso, ad es. Fattibilità: 60.
challenge-field-ip = Condizioni sulla proprietà intellettuale
challenge-field-anonymous = Nascondi la nostra organizzazione a chi non ne fa parte (sfida anonima)
challenge-statement = La sfida
challenge-details = Dettagli riservati
challenge-details-locked = Accetta l'accordo della sfida per leggere i dettagli riservati e inviare una soluzione.
challenge-award = Montepremi
challenge-phases = Fasi
challenge-split = Ripartizione
challenge-deadline = Scadenza
challenge-criteria = Criteri di valutazione
challenge-read-agreement = Leggi e accetta l'accordo
challenge-write-solution = Scrivi la tua soluzione
challenge-my-solution = La tua soluzione
challenge-seeker-panel = Per il committente
challenge-escrow-held = Nel deposito vincolato:
challenge-escrow-required = necessari per aprire:
challenge-fee = commissione della piattaforma
challenge-submit-review = Invia in revisione
challenge-board = Classifica di valutazione
challenge-close = Chiudi e rimborsa il deposito non usato
challenge-cancel = Annulla e rimborsa il deposito
challenge-approve = Approva la sfida
challenge-awards = Premi
challenge-questions = Domande e risposte
challenge-answer = Rispondi pubblicamente
challenge-answer-by-seeker = Risposta del committente:
challenge-ask = Fai una domanda pubblica
challenge-ask-submit = Chiedi
challenge-dashboard = Le mie sfide
challenge-dashboard-none = Non fai ancora parte di nessuna organizzazione. Creane una per pubblicare sfide.
agreement-title = Accordo della sfida
agreement-accept = Accetto questo accordo
agreement-accepted = Hai accettato questo accordo il
solution-new-title = La tua soluzione
solution-revise-title = Modifica la tua soluzione
solution-private-lead = La tua soluzione è privata: possono leggerla solo tu, i responsabili e i giudici del committente e gli amministratori. Puoi modificarla fino alla scadenza; ogni versione viene conservata.
solution-field-body = Soluzione
solution-save = Salva la soluzione
solution-revision = versione
solution-revisions = Versioni
solution-locked = La scadenza è passata: la tua soluzione è bloccata.
solution-awarded = Premio assegnato:
solution-score-title = I tuoi punteggi (da 0 a 10 per criterio)
solution-score-submit = Salva i punteggi
solution-mine-title = Le mie soluzioni
solution-mine-none = Non hai ancora inviato soluzioni.
solution-mine-browse = Trova una sfida da risolvere
solution-balance = Premi non ancora pagati
solution-balance-none = Per ora non ti è dovuto nulla.
board-unawarded = Ancora da assegnare:
board-rank = Posizione
board-solution = Soluzione
board-solver = Solutore
board-score = Punteggio ponderato
board-judges = Giudici
board-award = Premio
board-place = Posto nella ripartizione pubblicata
board-place-option = { $place }º posto ({ $share })
board-award-submit = Premia
challenge-end-reason = Motivo pubblico della chiusura senza premi
challenge-end-reason-hint = Compare nella pagina della sfida e viene inviato a tutti i solutori, ad es. nessuna soluzione soddisfaceva i requisiti indicati.
challenge-ended-unpaid = Un amministratore ha chiuso questa sfida senza premi:
solution-sealed-title = Questa soluzione è sigillata
solution-sealed-lead = Le soluzioni restano sigillate fino alla scadenza degli invii: fino ad allora il committente vede solo quante ne sono arrivate.
solution-open-reason = Motivo dell'apertura
solution-open-reason-hint = Solo per gli amministratori. Il solutore vede questo motivo e quando la soluzione è stata aperta.
solution-open-submit = Apri la soluzione sigillata
solution-openings = Aperta da un amministratore prima della scadenza
flash-solution-opened = Soluzione aperta; il solutore ne vede il motivo.
error-sealed = Le soluzioni sono sigillate fino alla scadenza degli invii.
challenge-solutions-count = Soluzioni ricevute: { $count }.
challenge-solutions-sealed = Restano sigillate fino alla scadenza degli invii.
challenge-commitments = Gli impegni del committente
challenge-commitment-funded = Una sfida si apre solo quando l'intero montepremi e la commissione della piattaforma sono nel deposito vincolato; i premi vengono pagati da lì.
challenge-commitment-sealed = La tua soluzione resta sigillata fino alla scadenza: il committente vede solo quante ne sono arrivate. Un amministratore può aprirla solo indicando un motivo, che potrai vedere.
challenge-commitment-no-walking-away = Appena arriva una soluzione, il committente non può più annullare la sfida. Chiuderla senza premi spetta a un amministratore, con un motivo pubblico inviato a tutti i solutori.
challenge-commitment-split = I premi seguono la ripartizione pubblicata: ogni posto riceve esattamente la sua quota, e il committente può chiudere la sfida solo dopo aver assegnato tutti i posti.
challenge-commitment-no-own-people = Il committente non premia mai i propri membri: non possono inviare soluzioni, e la soluzione di un membro non può essere premiata.
board-award-insider = Non premiabile: il solutore fa parte della tua organizzazione.
escrow-record-title = Registra i fondi ricevuti nel deposito vincolato
escrow-record-submit = Registra i fondi
escrow-field-amount = Importo
escrow-field-reference = Riferimento bancario o del servizio di pagamento
escrow-admin-title = Depositi vincolati e pagamenti
escrow-admin-challenges = Deposito vincolato di ogni sfida
payout-title = Registra un pagamento
payout-field-user = ID del membro
payout-submit = Registra il pagamento
moderation-pending-challenges = Sfide in attesa di approvazione
flash-challenge-created = Sfida salvata come bozza. Inviala in revisione quando è pronta.
flash-challenge-submitted = Inviata in revisione.
flash-challenge-edited = Bozza salvata.
flash-challenge-approved = Sfida approvata. Si aprirà quando il deposito vincolato sarà finanziato.
flash-challenge-closed = Sfida chiusa; il deposito non usato è stato rimborsato.
flash-challenge-cancelled = Sfida annullata; il deposito è stato rimborsato.
flash-escrow-recorded = Fondi registrati nel deposito vincolato.
flash-escrow-already = Questo riferimento era già registrato; non è cambiato nulla.
flash-agreement-accepted = Accordo accettato. Ora puoi leggere i dettagli e inviare una soluzione.
flash-solution-submitted = Soluzione inviata.
flash-solution-revised = Soluzione modificata.
flash-scores-saved = Punteggi salvati.
flash-award-made = Premio assegnato.
flash-question-asked = Domanda pubblicata.
flash-question-answered = Risposta pubblicata.
flash-payout-recorded = Pagamento registrato.
flash-payout-already = Questo riferimento era già registrato; non è cambiato nulla.
invalid-award_split_bp-mismatch = Le quote devono sommare esattamente al 100 %.
invalid-currency-mismatch = L'importo deve essere nella valuta della sfida.

# IP register
nav-royalties = Le mie royalty
ip-rights-title = Diritti
ip-owners = Titolari
ip-licensees = In licenza a
ip-shares = Quote di influenza
ip-history = Storia dei diritti nel registro della proprietà intellettuale
ip-kind-authored = Paternità registrata
ip-kind-agreement_accepted = Accordo accettato
ip-kind-licence_granted = Licenza concessa
ip-kind-reverted = Diritti restituiti
ip-kind-assigned = Diritti ceduti
ip-kind-influence_shares_set = Quote di influenza stabilite
ip-shares-field = Contributori
ip-shares-hint = Uno per riga nel formato e-mail: ruolo: percentuale, ad es. ada@example.com: design: 20. Le quote devono sommare a 100.
ip-shares-submit = Salva le quote
ip-period = Periodo
ip-period-hint = Per esempio 2027-Q1 o 2027-03.
ip-revenue = Ricavi netti
ip-pool = Monte royalty destinato ai contributori:
ip-revenue-submit = Registra i ricavi (royalty dovute)
ip-statements = Rendiconti dei ricavi
ip-shares-fixed = Per questa idea sono già stati registrati dei ricavi: le sue quote di influenza sono definitive.
ip-statements-lead = Le royalty vengono accreditate ai contributori solo quando l'importo dovuto viene incassato: fino ad allora quell'importo è un debito dell'organizzazione.
ip-statement-pool = Royalty dovute
ip-statement-status = Stato
ip-statement-owed = Dovute dall'organizzazione
ip-statement-received = Incassate e accreditate
ip-statement-nothing-owed = Niente di dovuto
ip-receipt-amount = Importo ricevuto
ip-receipt-reference = Riferimento del pagamento
ip-receipt-submit = Registra l'incasso
ip-record-title = Voce del registro della proprietà intellettuale
ip-kind = Tipo
ip-subject = Riguarda
ip-parties = Parti
ip-terms = Condizioni
ip-recorded-at = Registrata il
ip-content-hash = SHA-256 del contenuto
ip-prev-hash = Hash della voce precedente
ip-hash = Hash di questa voce
ip-check-title = Verifica un testo con questa voce
ip-check-lead = Incolla il testo originale. Per un'idea: titolo, una riga vuota, riassunto, una riga vuota e descrizione; per una soluzione: titolo, una riga vuota e testo. Ciò che incolli non viene salvato.
ip-check-match = Il testo corrisponde all'hash del contenuto: è proprio il contenuto attestato da questa voce.
ip-check-differs = Il testo non corrisponde all'hash del contenuto. Il suo SHA-256 è
ip-check-submit = Verifica
ip-royalties-title = Le mie royalty
ip-royalties-none = Non ci sono ancora royalty registrate per te.
ip-royalties-lead = Ogni riga è la tua parte delle royalty di un'idea per un periodo: dovuta finché l'organizzazione non paga, poi accreditata sul tuo saldo.
ip-royalty-owed = Dovuta
ip-royalty-credited = Accreditata
flash-shares-set = Quote di influenza salvate nel registro della proprietà intellettuale.
flash-revenue-recorded = Ricavi registrati. Le royalty sono dovute dall'organizzazione e verranno accreditate ai contributori all'incasso.
flash-royalty-received = Incasso registrato; le royalty dei contributori sono state accreditate.

# Notifications
nav-notifications = Notifiche
nav-unread =
    { $count ->
        [one] { $count } non letta
       *[other] { $count } non lette
    }
nav-mail = E-mail
notify-title = Notifiche
notify-unread =
    { $count ->
        [one] 1 non letta
       *[other] { $count } non lette
    }
notify-new = Nuova
notify-none = Ancora niente. Segui un concorso o un'idea per sapere quando cambia qualcosa.
notify-mark-read = Segna tutte come lette
notify-unsubscribe-title = Non ricevere più queste e-mail
notify-unsubscribe-lead = Vuoi disattivare le notifiche di questo tipo? Puoi riattivarle dalle impostazioni del tuo account.
notify-unsubscribe-submit = Disiscriviti
notify-unsubscribed = Fatto: non riceverai più notifiche su questo tipo di attività.
notify-settings = Come ricevi gli aggiornamenti
notify-settings-save = Salva
notify-kind-comment_on_your_idea = Commenti alle tue idee
notify-kind-new_idea_in_followed_contest = Nuove idee nei concorsi che segui
notify-kind-vote_milestone = Traguardi di voti delle tue idee (10, 25, 50, 100…)
notify-kind-reply_to_your_comment = Risposte ai tuoi commenti
notify-kind-stage_changed = Cambi di fase delle idee che hai scritto o che segui
notify-kind-question_answered = Risposte alle domande sulle sfide a cui partecipi
notify-kind-awarded = Premi per le tue soluzioni
notify-kind-challenge_ended = Chiusura delle sfide a cui partecipi
notify-kind-escrow_funded = Fondi in arrivo nel deposito vincolato delle tue sfide
notify-kind-shares_changed = Modifiche alle quote di influenza delle idee di cui hai una quota
notify-kind-royalty_credited = Royalty incassate e accreditate a te
notify-kind-pledge_received = Contributi alle campagne della tua organizzazione
notify-kind-campaign_ended = Esito delle campagne che sostieni
notify-kind-payment_failed = Un tuo contributo che non è stato possibile addebitare
notify-kind-pledge_dropped = Un tuo contributo annullato dopo il periodo di tolleranza
notify-kind-campaign_launched = Campagne in partenza per idee che sosterresti
notify-kind-campaign_update = Novità dalle campagne che sostieni
notify-kind-webhook_disabled = Endpoint webhook della tua organizzazione fermati dopo ripetuti errori
notify-kind-payment_due = Bonifici da fare per le campagne che sostieni
notify-delivery-off = Disattivate
notify-delivery-in_app = Solo qui
notify-delivery-instant = E-mail subito
notify-delivery-daily = Riepilogo giornaliero
notify-delivery-weekly = Riepilogo settimanale
flash-delivery-saved = Salvato.
flash-notifications-read = Tutte le notifiche sono segnate come lette.

mail-admin-title = E-mail non consegnate
mail-admin-lead = Messaggi che il sistema di invio ha abbandonato dopo l'ultimo tentativo. Riprovando, il messaggio torna in coda con il conteggio dei tentativi azzerato.
mail-admin-none = Tutti i messaggi sono stati consegnati.
mail-admin-to = Destinatario
mail-admin-kind = Argomento
mail-admin-attempts = Tentativi
mail-admin-error = Ultimo errore
mail-admin-queued = In coda dal
mail-admin-retry = Riprova
flash-mail-retried = Il messaggio è di nuovo in coda.

external-title = Altri modi per accedere
external-sign-in-with = Accedi con { $provider }
external-account-lead = Accedi con un account che hai già altrove. Gli account collegati vengono associati tramite l'identificativo del provider, mai solo tramite l'e-mail.
external-link = Collega { $provider }
external-unlink = Scollega
external-refused-title = Accesso non riuscito
external-back = Torna all'accesso
external-cancelled = L'accesso è stato annullato presso il provider. Non è cambiato nulla.
external-provider-error = Il provider ha segnalato un errore. Non è cambiato nulla; riprova.
external-bad-state = Questo link di accesso non è valido, è già stato usato, è scaduto oppure è stato aperto in un altro browser. Ricomincia da capo.
external-code-refused = Il provider ha rifiutato il codice di accesso (forse era già stato usato). Ricomincia da capo.
external-token-mismatch = La risposta del provider non era destinata a questo accesso (issuer, audience o nonce errati). Non è cambiato nulla.
external-token-invalid = Non è stato possibile verificare la risposta del provider. Non è cambiato nulla.
external-unavailable = Al momento il provider non è raggiungibile. Riprova più tardi o accedi con la tua password.
external-no-email = Il provider non ha confermato un indirizzo e-mail, quindi non possiamo creare un account con questo accesso. Registrati con la tua e-mail.
external-email-taken = Un account usa già questo indirizzo e-mail. Accedi a quell'account (con la sua password o come hai fatto finora), poi collega questo provider dalla pagina del tuo account.
external-unverified = Prima conferma il tuo indirizzo e-mail (ti abbiamo inviato un link), poi collega il provider.
external-too-many = Da qui sono stati avviati troppi accessi. Attendi qualche minuto e riprova.
external-taken = Questo account del provider è già collegato a un altro account Ideaforge.
flash-identity-linked = Provider collegato: ora puoi usarlo per accedere.
flash-identity-unlinked = Provider scollegato.

campaign-status-draft = Bozza
campaign-status-in_review = In revisione
campaign-status-live = In corso
campaign-status-succeeded = Riuscita
campaign-status-failed = Obiettivo non raggiunto
campaign-status-cancelled = Annullata
campaign-goal = Obiettivo
campaign-pledged = Promesso
campaign-backers = Sostenitori
campaign-deadline = Scadenza
campaign-collected = Incassato
campaign-dropped = Annullato (mai addebitato)
campaign-all-or-nothing = Tutto o niente: i sostenitori pagano solo se l'obiettivo viene raggiunto entro la scadenza, al massimo l'importo promesso e una sola volta.
campaign-tiers = Ricompense
campaign-tier-left =
    { $count ->
        [one] ne resta { $count }
       *[other] ne restano { $count }
    }
campaign-tier-per-backer = fino a { $count } per sostenitore
campaign-tier-delivery = Consegna prevista:
campaign-backer-list = Sostenitori
campaign-no-backers = Nessuno ha ancora contribuito.
campaign-anonymous = Sostenitore anonimo
campaign-your-pledge = Il tuo contributo:
campaign-sign-in-to-pledge = Accedi per sostenere questa campagna
campaign-pledge = Sostieni questa campagna
campaign-change-pledge = Modifica il tuo contributo
campaign-field-amount = Importo
campaign-field-amount-hint = In { $currency }, almeno il minimo previsto dalla ricompensa. Ti viene addebitato solo se l'obiettivo viene raggiunto.
campaign-field-tier = Ricompensa
campaign-field-quantity = Quantità della ricompensa
campaign-field-quantity-hint = Fino al limite per sostenitore della ricompensa; per ciascuna contribuisci almeno con il suo minimo.
campaign-no-reward = Nessuna ricompensa, solo sostegno
campaign-field-card = Numero della carta
campaign-field-card-hint = Autorizzata ora, addebitata solo se la campagna riesce. Conserviamo solo le ultime quattro cifre.
campaign-field-anonymous = Mostrami come sostenitore anonimo
campaign-pledge-submit = Contribuisci
campaign-withdraw = Ritira il mio contributo
flash-pledged = Il tuo contributo è autorizzato. Ti verrà addebitato solo se l'obiettivo viene raggiunto entro la scadenza.
flash-pledge-withdrawn = Contributo ritirato: non ti verrà addebitato nulla.
nav-campaigns = Campagne
campaigns-title = Campagne di raccolta fondi
campaigns-lead = Tutto o niente: i sostenitori pagano solo se la campagna raggiunge l'obiettivo entro la scadenza. Le campagne per idee selezionate remunerano i contributori delle idee in base alle loro quote di influenza.
campaigns-awaiting = In attesa della tua revisione
campaigns-preparing = Campagne in preparazione delle tue organizzazioni
campaigns-none = Ancora nessuna campagna in corso.
campaign-card-backers =
    { $count ->
        [one] { $count } sostenitore
       *[other] { $count } sostenitori
    }
campaign-new-title = Avvia una campagna di raccolta fondi
campaign-new-lead = La esamina un moderatore esterno alla tua organizzazione; una volta approvata, puoi lanciarla e obiettivo, scadenza e commissione diventano definitivi.
campaign-new-for-idea = Per l'idea selezionata
campaign-new-submit = Crea la bozza
campaign-edit = Modifica le condizioni
campaign-edit-title = Modifica la campagna
campaign-edit-lead = Prima del lancio puoi cambiare tutto. Una campagna in revisione torna in bozza: inviala di nuovo per l'approvazione di un moderatore.
campaign-edit-lead-live = La campagna è in corso: obiettivo, scadenza e modalità di pagamento dei sostenitori sono bloccati. Puoi cambiare titolo, storia e ricompense: la disponibilità di una ricompensa può solo aumentare, e una ricompensa già scelta da qualcuno non può essere né rimossa né resa più cara.
campaign-edit-submit = Salva le modifiche
campaign-field-tiers-hint-live = Svuota una riga per rimuovere una ricompensa che nessuno ha scelto; compila la riga vuota per aggiungerne una.
campaign-field-story = Storia
campaign-field-story-hint = Markdown. Cosa realizzerai, perché e a cosa servono i fondi.
campaign-field-goal = Obiettivo
campaign-field-deadline = Scadenza
campaign-field-deadline-hint = Dopo il lancio deve lasciare almeno la durata minima consentita e non superare quella massima.
campaign-field-provider = Come pagano i sostenitori
campaign-provider-sandbox = Carta (autorizzata al momento del contributo, addebitata se la campagna riesce)
campaign-provider-manual = Bonifico bancario (richiesto se la campagna riesce)
campaign-field-provider-hint = Le carte vengono autorizzate quando i sostenitori contribuiscono e addebitate solo se l'obiettivo viene raggiunto. I bonifici vengono richiesti solo se l'obiettivo viene raggiunto: un amministratore registra ogni pagamento e i contributi non versati dopo il periodo di tolleranza vengono annullati.
campaign-transfer-hint = Questa campagna si paga con bonifico bancario: per ora non paghi nulla. Se raggiunge l'obiettivo ti chiederemo di pagare, indicandoti una causale e una data.
campaign-transfers = Bonifici in attesa
campaign-transfer-reference = Causale da indicare
campaign-transfer-record = Registra il pagamento
campaign-field-reference = Riferimento della banca
flash-receipt-recorded = Pagamento registrato; il contributo è incassato.
campaign-field-tiers-hint = Qui puoi inserire fino a tre ricompense (di più tramite l'API). Ogni ricompensa richiede un titolo, un contributo minimo, un mese di consegna e cosa ricevono i sostenitori; lascia una riga vuota se non ti serve. È sempre possibile contribuire senza ricompensa.
campaign-tier-n = Ricompensa { $n }
campaign-tier-title = Titolo
campaign-tier-minimum = Contributo minimo
campaign-tier-limit = Disponibilità (vuoto: illimitata)
campaign-tier-per-backer-field = Massimo per sostenitore (vuoto: 1)
campaign-tier-delivery-field = Consegna prevista (mese)
campaign-tier-description = Cosa ricevono i sostenitori
campaign-in-review-note = In attesa dell'approvazione di un moderatore.
campaign-approved-note = Approvata da un moderatore: la sua organizzazione può lanciarla.
campaign-move-submit = Invia in revisione
campaign-move-approve = Approva
campaign-move-launch = Lancia ora
campaign-move-cancel = Annulla la campagna
campaign-processor-fees = Commissioni del gestore dei pagamenti
campaign-platform-fees = Commissione della piattaforma
campaign-net = All'organizzazione e ai contributori dell'idea
campaign-idea = Finanzia l'idea
campaign-idea-hint = (i suoi contributori ricevono una parte del ricavato netto in base alle loro quote di influenza)
campaign-dashboard = I tuoi sostenitori
campaign-day = Giorno (UTC)
campaign-backers-csv = Scarica l'elenco dei sostenitori (CSV)
campaign-updates = Aggiornamenti
campaign-backers-only = Per i sostenitori
campaign-comment = Commenta
campaign-post-update = Pubblica un aggiornamento
campaign-update-body = Aggiornamento
campaign-update-audience = Chi può leggerlo
campaign-audience-public = Tutti
campaign-audience-backers = Solo i sostenitori
funding-title = Finanziamento
funding-start = Avvia una campagna di raccolta fondi per questa idea
funding-no-demand = Nessuno ha ancora detto che sosterrebbe questa idea.
funding-demand = Interesse dichiarato:
funding-demand-line =
    { $count ->
        [one] { $amount } da { $count } membro
       *[other] { $amount } da { $count } membri
    }
funding-my-interest = Hai detto che sosterresti questa idea con circa { $amount }. Ti avviseremo quando partirà una campagna.
funding-interest-hint = Sosterresti questa idea se venisse realizzata? Indica più o meno con quanto: non è un contributo e non costa nulla; ti avviseremo quando partirà una campagna.
funding-interest-amount = Più o meno quanto
funding-interest-submit = La sosterrei
funding-interest-withdraw = Ritira il mio interesse
funding-sign-in = Accedi per dire che sosterresti questa idea
flash-campaign-edited = Condizioni della campagna salvate.
flash-campaign-created = La campagna è in bozza. Inviala in revisione quando è pronta.
flash-campaign-submitted = Inviata: un moderatore la esaminerà.
flash-campaign-approved = Approvata: la sua organizzazione può lanciarla.
flash-campaign-launched = La campagna è partita.
flash-campaign-cancelled = Campagna annullata; tutti i contributi sono stati svincolati.
flash-update-posted = Aggiornamento pubblicato e inviato ai sostenitori.
flash-comment-posted = Commento pubblicato.
flash-interest-saved = Salvato.

# Atom feeds
feed-contests = Concorsi pubblici su Ideaforge
feed-contest-ideas = Nuove idee nel concorso “{ $contest }”
feed-challenges = Sfide aperte su Ideaforge
feed-idea-stages = Fasi dell'idea “{ $idea }”
feed-stage-change = { $from } → { $to }

## Webhooks
webhooks-title = Webhook
webhooks-lead = Invia gli eventi di questa organizzazione ai tuoi strumenti nel momento in cui accadono. Ogni consegna è un POST HTTPS di JSON firmato secondo la specifica Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature), ritentato per circa un giorno se il tuo ricevitore non risponde, sempre con lo stesso webhook-id. L’evento di una soluzione dice solo che esiste, mai cosa contiene.
webhooks-endpoints = Endpoint
webhooks-none = Ancora nessun endpoint.
webhook-new = Aggiungi un endpoint
webhook-new-submit = Aggiungi endpoint
webhook-title = Endpoint webhook
webhook-field-url = URL
webhook-field-url-hint = Un indirizzo https:// pubblico che risponda 2xx entro 10 secondi.
webhook-field-events = Eventi
webhook-field-enabled = Attivo
webhook-event-idea-submitted = Un’idea viene proposta a un concorso
webhook-event-idea-stage_changed = Un’idea cambia fase
webhook-event-idea-vote_milestone = Un’idea raggiunge una soglia di voti
webhook-event-comment-posted = Viene pubblicato un commento
webhook-event-challenge-question_asked = Viene posta una domanda su una sfida
webhook-event-solution-submitted = Viene inviata una soluzione (solo il suo id)
webhook-event-challenge-award_made = Viene assegnato un premio
webhook-event-campaign-launched = Una campagna parte
webhook-event-campaign-settled = Una campagna si chiude alla scadenza
webhook-status = Stato
webhook-status-enabled = Attivo
webhook-status-failing = Fermato dopo ripetuti errori
webhook-status-paused = In pausa
webhook-failing-lead = Tutti i tentativi di una consegna sono falliti, quindi l’endpoint è stato fermato e i responsabili della tua organizzazione sono stati avvisati. Sistema il ricevitore, poi spunta «Attivo» e salva: le consegne in attesa ripartono.
webhook-paused-lead = Questo endpoint è in pausa: non viene inviato nulla finché non lo riattivi.
webhook-settings = Impostazioni
webhook-save = Salva
webhook-secret = Segreto di firma
webhook-secret-lead = Le consegne sono firmate con il segreto di questo endpoint. Un nuovo segreto lo sostituisce; quello vecchio continua a firmare accanto al nuovo per 24 ore, così il tuo ricevitore può cambiarlo senza perdere consegne.
webhook-secret-once = Copia ora questo segreto di firma: non verrà mostrato di nuovo.
webhook-secret-previous = Il segreto sostituito firma ancora fino a
webhook-rotate = Crea un nuovo segreto
webhook-deliveries = Consegne
webhook-deliveries-none = Non è stato ancora inviato nulla.
webhook-deliveries-older = Consegne precedenti
webhook-delivery-pending = In attesa
webhook-delivery-delivered = Consegnata
webhook-delivery-failed = Abbandonata
webhook-delivery-when = In coda dal
webhook-delivery-event = Evento
webhook-delivery-attempts = Tentativi
webhook-delivery-response = Risposta
webhook-delivery-latency = Tempo
webhook-delivery-error = Errore
webhook-delivery-message = Id del messaggio
webhook-resend = Invia di nuovo
webhook-delete = Elimina questo endpoint
flash-webhook-saved = Endpoint salvato.
flash-webhook-deleted = Endpoint eliminato.
flash-webhook-resent = La consegna verrà inviata di nuovo tra un momento.
nav-admin = Membri
admin-nav = Amministrazione
admin-members-title = Membri
admin-members-find = Cerca membri per parte dell'indirizzo e-mail o del nome
admin-members-find-submit = Cerca
admin-members-none = Nessun membro corrisponde.
admin-member-name = Nome
admin-member-email = Indirizzo e-mail
admin-member-role = Ruolo
admin-member-state = Stato
admin-member-joined = Iscritto
admin-role-member = Membro
admin-role-moderator = Moderatore
admin-role-admin = Amministratore
admin-active = Attivo
admin-suspended = Sospeso
admin-suspension = Sospensione
admin-suspended-by = Sospeso da { $admin }
admin-reinstate = Revoca la sospensione
admin-own-account = È il tuo account: il ruolo o la sospensione li cambia un altro amministratore.
admin-suspend-title = Sospendi questo membro
admin-suspend-lead = Un membro sospeso non può accedere, e ogni sua sessione e token API termina subito. Ciò che ha scritto resta. Il motivo va nel registro delle attività.
admin-field-reason = Motivo
admin-suspend = Sospendi
admin-field-role = Ruolo sulla piattaforma
admin-role-save = Cambia il ruolo
admin-audit-title = Registro delle attività
admin-audit-lead = Ciò che hanno fatto amministratori e moderatori: approvazioni di concorsi, sfide e campagne, campagne annullate da un amministratore, commenti ripristinati o rimossi, fondi in deposito, pagamenti, royalty e impegni registrati a mano, e-mail non recapitate rimesse in coda, sospensioni e cambi di ruolo, categorie create, rinominate, ritirate o riproposte, con chi, quando, su cosa e perché.
admin-audit-none = Ancora nessuna azione di amministratori o moderatori.
admin-audit-when = Quando
admin-audit-who = Chi
admin-audit-what = Cosa
admin-audit-subject = Su
admin-audit-why = Perché
admin-audit-older = Voci più vecchie
admin-action-contest_approved = Ha approvato un concorso
admin-action-challenge_approved = Ha approvato una sfida
admin-action-escrow_funded = Ha registrato fondi ricevuti in deposito
admin-action-comment_restored = Ha ripristinato un commento
admin-action-comment_removed = Ha rimosso un commento
admin-action-payout_recorded = Ha registrato un pagamento
admin-action-royalty_received = Ha registrato royalty ricevute
admin-action-pledge_receipt_recorded = Ha registrato il pagamento di un impegno
admin-action-user_suspended = Ha sospeso un membro
admin-action-user_reinstated = Ha revocato una sospensione
admin-action-role_changed = Ha cambiato il ruolo di un membro
flash-member-suspended = Il membro è sospeso e la sua sessione è chiusa ovunque.
flash-member-reinstated = La sospensione è revocata.
flash-role-changed = Il ruolo è stato cambiato.
invalid-retired = Non è più disponibile: scegline un altro.
invalid-category-unknown = Scegli una delle categorie disponibili.
invalid-slug-taken = Questo nome breve è già in uso: scegline un altro.
field-category-choose = Scegli una categoria
admin-categories-title = Categorie
admin-categories-lead = Concorsi, sfide e idee sono classificati in queste categorie. Lo slug di una categoria compare nei link, nei filtri e nell'API e non cambia mai; rinominarla cambia il nome mostrato nelle pagine. Una categoria ritirata non è più proposta, ma ciò che vi è classificato la conserva.
admin-categories-none = Ancora nessuna categoria.
admin-category-new = Nuova categoria
admin-category-slug = Slug
admin-category-slug-hint = 2–40 lettere minuscole, cifre e trattini, come attrezzi-cucina. Non cambia mai.
admin-category-name = Nome
admin-category-create = Crea la categoria
admin-category-offered = Proposta
admin-category-retired = Ritirata
admin-category-rename = Rinomina
admin-category-rename-label = Nuovo nome per { $name }
admin-category-offer = Ritira o riproponi
admin-category-retire = Ritira
admin-category-retire-label = Ritira { $name }
admin-category-restore = Riproponi
admin-category-restore-label = Riproponi { $name }
flash-category-created = La categoria è stata creata.
flash-category-renamed = La categoria è stata rinominata.
flash-category-retired = La categoria è stata ritirata: non è più proposta.
flash-category-restored = La categoria è di nuovo proposta.
admin-action-category_created = Ha creato una categoria
admin-action-category_renamed = Ha rinominato una categoria
admin-action-category_retired = Ha ritirato una categoria
admin-action-category_restored = Ha riproposto una categoria
admin-action-campaign_approved = Ha approvato una campagna
admin-action-mail_retried = Ha rimesso in coda un'e-mail non recapitata
invalid-category-retired = Questa categoria non è più proposta: scegline un'altra.
admin-action-campaign_withdrawn = Ha annullato una campagna
