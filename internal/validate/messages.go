package validate

// messages are the texts of problem keys, in the two languages of socle.
// The API answers with them; pages may too.
var messages = map[string][2]string{ // key: {fr, en}
	"text.invalid":         {"Caractères invalides (octet nul ou UTF-8 mal formé).", "Invalid characters (NUL byte or malformed UTF-8)."},
	"required":             {"Ce champ est obligatoire.", "This field is required."},
	"too_long":             {"Ce texte est trop long.", "This text is too long."},
	"email.invalid":        {"Cette adresse e-mail n’est pas valide.", "This e-mail address is not valid."},
	"email.taken":          {"Un compte utilise déjà cette adresse.", "An account already uses this address."},
	"email.same":           {"C’est déjà votre adresse.", "This is already your address."},
	"url.https":            {"Indiquez une adresse en https://.", "Give an https:// address."},
	"url.invalid":          {"Indiquez une adresse web complète, commençant par http:// ou https://.", "Give a full web address starting with http:// or https://."},
	"password.too_short":   {"Le mot de passe doit contenir au moins 8 caractères.", "The password must be at least 8 characters long."},
	"password.too_long":    {"Le mot de passe ne peut dépasser 256 caractères.", "The password cannot be longer than 256 characters."},
	"password.needs_upper": {"Le mot de passe doit contenir une majuscule.", "The password must contain an upper-case letter."},
	"password.needs_lower": {"Le mot de passe doit contenir une minuscule.", "The password must contain a lower-case letter."},
	"password.needs_digit": {"Le mot de passe doit contenir un chiffre.", "The password must contain a digit."},
	"password.wrong":       {"Le mot de passe actuel est incorrect.", "The current password is wrong."},
	"password.mismatch":    {"Les deux mots de passe sont différents.", "The two passwords differ."},
	"terms.required":       {"Vous devez accepter les conditions d’utilisation.", "You must accept the terms of use."},
	"apikey.too_many":      {"Vous avez atteint le nombre maximal de clés d’API.", "You have reached the maximum number of API keys."},
	"lang.unknown":         {"Langue inconnue.", "Unknown language."},
	"date.invalid":         {"Date invalide (format ISO 8601 attendu).", "Invalid date (ISO 8601 expected)."},
	"date.past":            {"La date doit être dans le futur.", "The date must be in the future."},
	"redirect.invalid":     {"Adresse de retour invalide : absolue, sans fragment, en https (ou http sur localhost).", "Invalid redirect URI: absolute, no fragment, https (or http on localhost)."},
	"scope.unknown":        {"Portée inconnue.", "Unknown scope."},
	"field.unknown":        {"Champ inconnu.", "Unknown field."},
	"type.invalid":         {"Type de valeur incorrect.", "Wrong type of value."},
	"page.invalid":         {"Indiquez un entier strictement positif.", "Give a strictly positive integer."},
	"page.too_deep":        {"Au plus la page 1 000 000 : suivez le lien next_page pour aller plus loin.", "At most page 1,000,000: follow the next_page link to go further."},
	"page.too_big":         {"Au plus 100 éléments par page.", "At most 100 items per page."},
	"page.cursor":          {"Curseur de page invalide pour cette liste : suivez le lien next_page tel quel.", "Invalid page cursor for this list: follow the next_page link as it is."},
	"sort.unknown":         {"Tri inconnu.", "Unknown sort."},
	"badge.unknown":        {"Badge inconnu.", "Unknown badge."},
	"role.unknown":         {"Rôle inconnu : admin, editor ou partial_editor.", "Unknown role: admin, editor or partial_editor."},
	"function.unknown":     {"Fonction inconnue.", "Unknown function."},
	"notify.mode":          {"Choisissez : immediate, digest ou none.", "Choose: immediate, digest or none."},
	"logo.too_big":         {"Le logo dépasse 5 Mo.", "The logo is larger than 5 MB."},
	"image.format":         {"Envoyez une image PNG, JPEG ou WebP.", "Send a PNG, JPEG or WebP image."},
	"image.dimensions":     {"Cette image est trop grande.", "This image is too large."},
	"license.unknown":      {"Licence inconnue.", "Unknown license."},
	"frequency.unknown":    {"Fréquence de mise à jour inconnue.", "Unknown update frequency."},
	"granularity.unknown":  {"Granularité spatiale inconnue.", "Unknown spatial granularity."},
	"temporal.order":       {"La fin de la couverture temporelle précède son début.", "The temporal coverage ends before it starts."},
	"tags.too_many":        {"Au plus 50 mots-clés.", "At most 50 tags."},
	"organization.unknown": {"Organisation inconnue.", "Unknown organization."},
	"organization.id":      {"L’organisation doit être donnée par son identifiant.", "Organization arg must be an identifier"},
	"assign.not_partial":   {"Cette personne n’est pas éditeur partiel de l’organisation.", "This user is not a partial editor of the organization."},
	"assign.unknown":       {"Jeu de données inconnu dans cette organisation.", "Unknown dataset in this organization."},
	"resource.type":        {"Type de ressource inconnu : main, documentation, update, api, code ou other.", "Unknown resource type: main, documentation, update, api, code or other."},
	"resources.order":      {"Donnez chaque ressource du jeu de données, une seule fois.", "Give every resource of the dataset, once."},
	"file.too_big":         {"Le fichier dépasse la taille maximale.", "The file is larger than the limit."},
	"file.empty":           {"Le fichier est vide.", "The file is empty."},
	"zone.unknown":         {"Zone inconnue : donnez l’identifiant d’une collectivité, comme fr:epci:200054781.", "Unknown zone: give a local authority’s id, such as fr:epci:200054781."},
	"transfer.recipient":   {"Indiquez une seule organisation ou un seul utilisateur existant.", "Give one existing organization or one existing user."},
	"transfer.subject":     {"Seuls les jeux de données se transfèrent.", "Only datasets can be transferred."},
	"transfer.same":        {"Le jeu de données appartient déjà à ce destinataire.", "The dataset already belongs to this recipient."},
	"transfer.response":    {"Répondez accept ou refuse.", "Answer accept or refuse."},
	"transfer.unknown":     {"Jeu de données inconnu.", "Unknown subject id"},
	"invite.who":           {"Indiquez un utilisateur ou une adresse e-mail.", "Give a user or an e-mail address."},
	"user.unknown":         {"Utilisateur inconnu.", "Unknown user."},
	"siret.length":         {"Un SIRET compte 14 chiffres, un SIREN 9.", "A siret number is made of 14 digits, a SIREN of 9."},
	"siret.digits":         {"Un SIRET n’est fait que de chiffres.", "A siret number is only made of digits."},
	"siret.invalid":        {"Numéro SIRET ou SIREN invalide (clé de contrôle).", "Invalid Siret number."},
	"status.unknown":       {"Statut inconnu : pending, accepted, refused ou canceled.", "Unknown status: pending, accepted, refused or canceled."},
	"bool.invalid":         {"Indiquez true ou false.", "Give true or false."},

	// Messages of API answers that are not udata's own words (those stay as
	// udata has them, for the clients that compare them).
	"error.validation":      {"Données invalides.", "Validation error"},
	"error.bad_request":     {"Requête invalide.", "Bad request"},
	"error.too_large":       {"Le corps de la requête est trop volumineux.", "Request body too large"},
	"error.rate_limited":    {"Trop de requêtes : réessayez plus tard.", "Too many requests, retry later"},
	"error.not_found":       {"Introuvable.", "Not found"},
	"error.internal":        {"Erreur interne.", "Internal error"},
	"error.scope":           {"Les portées du jeton d’accès ne permettent pas cette requête.", "The access token's scopes do not allow this request"},
	"error.delegated":       {"Une application tierce ne peut pas faire cela au nom d’un utilisateur.", "A third-party application cannot do this on a user's behalf"},
	"error.csrf":            {"Jeton CSRF absent ou invalide.", "CSRF token missing or invalid"},
	"error.mask":            {"Masque X-Fields invalide.", "Invalid X-Fields mask"},
	"token.revoked":         {"Ce jeton est déjà révoqué.", "Token already revoked"},
	"org.duplicate":         {"Cette organisation ressemble à une organisation existante : rejoignez-la, ou envoyez confirm_duplicates: true pour la créer quand même.", "This organization looks like an existing one; join it, or send confirm_duplicates: true to create it anyway"},
	"org.last_admin":        {"Une organisation doit garder au moins un administrateur : nommez d’abord un autre membre administrateur.", "An organization needs at least one admin: make another member admin first."},
	"org.last_admin_of":     {"Vous êtes le seul administrateur de %s : nommez d’abord un autre membre administrateur, puis réessayez.", "You are the only admin of %s: make another member admin first, then try again."},
	"account.unconfirmed":   {"Confirmez d’abord votre adresse e-mail : le lien vous a été envoyé.", "Confirm your e-mail address first: the link was sent to you."},
	"membership.member":     {"Cette personne est déjà membre de l’organisation.", "Already a member of this organization."},
	"membership.handled":    {"Cette demande a déjà été traitée.", "This request was already handled."},
	"membership.too_early":  {"Le support ne peut être sollicité qu’après quelques jours sans réponse.", "Support can be asked only after a few days without answer."},
	"invitation.expired":    {"Cette invitation a expiré : demandez-en une nouvelle à un administrateur.", "This invitation has expired"},
	"transfer.stale":        {"Ce transfert n’est plus valable : le jeu de données a changé de propriétaire ou a été supprimé depuis la demande.", "This transfer is stale: the dataset changed owner or was deleted since it was asked for"},
	"transfer.own":          {"Vous avez demandé ce transfert : quelqu’un d’autre doit l’accepter.", "You asked for this transfer: someone else must accept it"},
	"resource.not_uploaded": {"Seules les ressources téléversées ont des fichiers.", "Only uploaded resources have files"},
}

// Message returns the text of key in lang ("fr" or "en"; French otherwise).
// An unknown key is returned as is, so a missing text shows, never hides.
func Message(lang, key string) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	if lang == "en" {
		return m[1]
	}
	return m[0]
}

// Messages translates every problem of e, field by field.
func (e *Errors) Messages(lang string) map[string][]string {
	out := make(map[string][]string, len(e.Fields))
	for f, keys := range e.Fields {
		for _, k := range keys {
			out[f] = append(out[f], Message(lang, k))
		}
	}
	return out
}
