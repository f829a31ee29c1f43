package web

// texts holds every text of the pages: key → {French, English}. A test
// checks that each key a template or handler uses is here.
var texts = map[string][2]string{
	"nav.skip":    {"Aller au contenu", "Skip to content"},
	"nav.label":   {"Menu principal", "Main menu"},
	"nav.login":   {"Se connecter", "Log in"},
	"nav.logout":  {"Se déconnecter", "Log out"},
	"nav.signup":  {"Créer un compte", "Sign up"},
	"nav.account": {"Mon compte", "My account"},
	"nav.home":    {"Retour à l’accueil", "Back to the home page"},

	"home.title":   {"Publiez les données de votre territoire", "Publish your area’s data"},
	"home.lead":    {"Créez votre compte, rejoignez l’organisation de votre collectivité ou créez-la, puis publiez vos données ouvertes sous son nom.", "Create your account, join your local authority’s organization or create it, then publish your open data under its name."},
	"home.step1":   {"Créez votre compte et confirmez votre adresse e-mail.", "Create your account and confirm your e-mail address."},
	"home.step2":   {"Rejoignez l’organisation qui publie pour votre collectivité, ou créez-la.", "Join the organization that publishes for your local authority, or create it."},
	"home.step3":   {"Publiez vos jeux de données, y compris depuis vos outils grâce à une clé d’API.", "Publish your datasets, from your own tools too, with an API key."},
	"home.account": {"Accéder à mon compte", "Go to my account"},

	"banner.unconfirmed": {"Confirmez votre adresse %s : nous vous avons envoyé un lien. Sans confirmation, vous ne pourrez pas rejoindre ni créer d’organisation.", "Confirm your address %s: we sent you a link. Until then you cannot join or create an organization."},
	"banner.resend":      {"Renvoyer le lien", "Send the link again"},

	"field.first_name":       {"Prénom", "First name"},
	"field.last_name":        {"Nom", "Last name"},
	"field.email":            {"Adresse e-mail", "E-mail address"},
	"field.new_email":        {"Nouvelle adresse e-mail", "New e-mail address"},
	"field.password":         {"Mot de passe", "Password"},
	"field.new_password":     {"Nouveau mot de passe", "New password"},
	"field.password_repeat":  {"Confirmez le mot de passe", "Repeat the password"},
	"field.current_password": {"Mot de passe actuel", "Current password"},
	"field.website":          {"Site web", "Website"},
	"field.about":            {"À propos de vous", "About you"},
	"field.key_name":         {"Nom de la clé", "Key name"},
	"hint.password":          {"Au moins 8 caractères, dont une majuscule, une minuscule et un chiffre.", "At least 8 characters, with an upper-case letter, a lower-case letter and a digit."},
	"hint.markdown":          {"Vous pouvez utiliser la syntaxe Markdown.", "You may use Markdown."},
	"form.save":              {"Enregistrer", "Save"},

	"signup.title":        {"Créer un compte", "Sign up"},
	"signup.accept":       {"J’accepte les", "I accept the"},
	"signup.submit":       {"Créer mon compte", "Create my account"},
	"signup.have_account": {"Vous avez déjà un compte ?", "Already have an account?"},
	"signup.done.title":   {"Vérifiez votre boîte e-mail", "Check your mailbox"},
	"signup.done":         {"Nous vous avons envoyé un e-mail. Ouvrez le lien qu’il contient pour confirmer votre adresse, puis connectez-vous.", "We sent you an e-mail. Open the link it contains to confirm your address, then log in."},
	"confirm.done.title":  {"Adresse confirmée", "Address confirmed"},
	"confirm.done":        {"Merci %s, votre adresse e-mail est confirmée.", "Thank you %s, your e-mail address is confirmed."},
	"resend.title":        {"Recevoir à nouveau le lien de confirmation", "Get the confirmation link again"},
	"resend.submit":       {"Envoyer", "Send"},
	"resend.done.title":   {"Vérifiez votre boîte e-mail", "Check your mailbox"},
	"resend.done":         {"Si cette adresse correspond à un compte non confirmé, un nouveau lien vient d’y être envoyé.", "If this address belongs to an unconfirmed account, a new link was just sent to it."},

	"login.title":   {"Se connecter", "Log in"},
	"login.submit":  {"Se connecter", "Log in"},
	"login.invalid": {"Adresse e-mail ou mot de passe incorrect.", "Wrong e-mail address or password."},

	"forgot.title":      {"Mot de passe oublié", "Forgot your password"},
	"forgot.lead":       {"Indiquez l’adresse de votre compte : nous y enverrons un lien pour choisir un nouveau mot de passe.", "Give your account’s address: we will send it a link to choose a new password."},
	"forgot.submit":     {"Envoyer le lien", "Send the link"},
	"forgot.done.title": {"Vérifiez votre boîte e-mail", "Check your mailbox"},
	"forgot.done":       {"Si un compte utilise cette adresse, un lien valable une heure vient d’y être envoyé.", "If an account uses this address, a link valid for one hour was just sent to it."},
	"reset.title":       {"Choisir un nouveau mot de passe", "Choose a new password"},
	"reset.submit":      {"Enregistrer le mot de passe", "Save the password"},
	"reset.done.title":  {"Mot de passe modifié", "Password changed"},
	"reset.done":        {"Votre nouveau mot de passe est enregistré et toutes vos sessions ont été fermées. Vous pouvez vous connecter.", "Your new password is saved and all your sessions were closed. You can log in."},

	"account.title":       {"Mon compte", "My account"},
	"account.nav":         {"Rubriques du compte", "Account sections"},
	"profile.title":       {"Profil", "Profile"},
	"profile.email":       {"Adresse e-mail : %s", "E-mail address: %s"},
	"profile.confirmed":   {"confirmée", "confirmed"},
	"profile.unconfirmed": {"non confirmée", "not confirmed"},
	"profile.saved":       {"Votre profil est enregistré.", "Your profile is saved."},
	"profile.preview":     {"Aperçu de votre présentation", "Preview of your presentation"},

	"email.title":      {"Adresse e-mail", "E-mail address"},
	"email.submit":     {"Changer d’adresse", "Change address"},
	"email.sent.title": {"Confirmez la nouvelle adresse", "Confirm the new address"},
	"email.sent":       {"Nous avons envoyé un lien de confirmation à %s. Votre adresse ne change qu’une fois ce lien ouvert.", "We sent a confirmation link to %s. Your address changes once that link is opened."},
	"email.done.title": {"Adresse modifiée", "Address changed"},
	"email.done":       {"Votre compte utilise désormais l’adresse %s.", "Your account now uses the address %s."},

	"password.title":      {"Mot de passe", "Password"},
	"password.note":       {"Vos autres sessions seront fermées.", "Your other sessions will be closed."},
	"password.submit":     {"Changer le mot de passe", "Change the password"},
	"password.done.title": {"Mot de passe modifié", "Password changed"},
	"password.done":       {"Votre mot de passe est modifié. Vos autres sessions ont été fermées.", "Your password is changed. Your other sessions were closed."},

	"sessions.title":         {"Sessions", "Sessions"},
	"sessions.device":        {"Appareil", "Device"},
	"sessions.ip":            {"Adresse IP", "IP address"},
	"sessions.created":       {"Ouverte le", "Opened"},
	"sessions.seen":          {"Dernière activité", "Last seen"},
	"sessions.actions":       {"Actions", "Actions"},
	"sessions.this":          {"cet appareil", "this device"},
	"sessions.revoke":        {"Fermer", "Log out"},
	"sessions.revoke_others": {"Fermer toutes les autres sessions", "Log out all other sessions"},
	"sessions.revoked":       {"Session(s) fermée(s).", "Session(s) closed."},
	"events.title":           {"Activité récente du compte", "Recent account activity"},
	"events.when":            {"Date", "When"},
	"events.what":            {"Événement", "Event"},

	"event.signup":                   {"Inscription", "Sign-up"},
	"event.signup.existing":          {"Tentative d’inscription avec votre adresse", "Sign-up attempt with your address"},
	"event.email.confirmed":          {"Adresse confirmée", "Address confirmed"},
	"event.login":                    {"Connexion", "Login"},
	"event.login.failed":             {"Échec de connexion", "Failed login"},
	"event.logout":                   {"Déconnexion", "Logout"},
	"event.session.revoked":          {"Session fermée", "Session closed"},
	"event.password.changed":         {"Mot de passe changé", "Password changed"},
	"event.password.reset":           {"Mot de passe réinitialisé", "Password reset"},
	"event.password.reset_requested": {"Demande de réinitialisation", "Reset requested"},
	"event.email.change_requested":   {"Demande de changement d’adresse", "Address change requested"},
	"event.email.changed":            {"Adresse changée", "Address changed"},
	"event.profile.updated":          {"Profil modifié", "Profile updated"},
	"event.apikey.created":           {"Clé d’API créée", "API key created"},
	"event.apikey.revoked":           {"Clé d’API révoquée", "API key revoked"},
	"event.account.deleted":          {"Compte supprimé", "Account deleted"},
	"event.user.created":             {"Compte créé par un administrateur", "Account created by an operator"},

	"apikeys.title":      {"Clés d’API", "API keys"},
	"apikeys.lead":       {"Une clé d’API permet à vos scripts et outils d’agir en votre nom (en-tête X-API-KEY). Gardez-la secrète.", "An API key lets your scripts and tools act on your behalf (X-API-KEY header). Keep it secret."},
	"apikeys.submit":     {"Créer la clé", "Create the key"},
	"apikeys.created":    {"Clé « %s » créée", "Key “%s” created"},
	"apikeys.once":       {"Copiez-la maintenant : elle ne sera plus jamais affichée.", "Copy it now: it will never be shown again."},
	"apikeys.prefix":     {"Début de la clé", "Key prefix"},
	"apikeys.used":       {"Dernière utilisation", "Last used"},
	"apikeys.created_at": {"Créée le", "Created"},
	"apikeys.revoke":     {"Révoquer", "Revoke"},
	"apikeys.none":       {"Aucune clé.", "No key."},

	"delete.title":      {"Supprimer le compte", "Delete the account"},
	"delete.lead":       {"La suppression efface vos informations personnelles, ferme vos sessions et révoque vos clés d’API. Elle est définitive.", "Deleting erases your personal information, closes your sessions and revokes your API keys. It cannot be undone."},
	"delete.understand": {"Je comprends que cette suppression est définitive.", "I understand that this cannot be undone."},
	"delete.submit":     {"Supprimer mon compte", "Delete my account"},
	"delete.done.title": {"Compte supprimé", "Account deleted"},
	"delete.done":       {"Votre compte a été supprimé. Au revoir !", "Your account was deleted. Goodbye!"},

	"terms.title": {"Conditions d’utilisation", "Terms of use"},
	"terms.p1":    {"%s permet aux producteurs de données de publier des données ouvertes au nom de leur organisation.", "%s lets data producers publish open data on behalf of their organization."},
	"terms.p2":    {"Vous vous engagez à fournir des informations exactes, à ne publier que des données que vous êtes autorisé à diffuser et à garder secrets votre mot de passe et vos clés d’API.", "You agree to give accurate information, to publish only data you are allowed to share, and to keep your password and API keys secret."},
	"terms.p3":    {"Vos nom et prénom sont visibles des autres utilisateurs ; votre adresse e-mail ne l’est que des administrateurs du portail et des organisations que vous rejoignez.", "Your names are visible to other users; your e-mail address only to the portal’s administrators and to the organizations you join."},
	"terms.p4":    {"Vous pouvez supprimer votre compte à tout moment depuis la page « Mon compte ».", "You may delete your account at any time from the “My account” page."},

	"contact.title": {"Contact", "Contact"},
	"contact.lead":  {"Une question, une demande restée sans réponse ? L’équipe du portail vous répond à cette adresse :", "A question, a request left unanswered? The portal’s team answers at this address:"},

	"error.csrf.title":        {"Action refusée", "Action refused"},
	"error.csrf":              {"Ce formulaire a expiré ou ne vient pas de ce site. Rechargez la page et recommencez.", "This form has expired or does not come from this site. Reload the page and try again."},
	"error.rate.title":        {"Trop de tentatives", "Too many attempts"},
	"error.rate":              {"Par sécurité, réessayez dans %d minute(s).", "For safety, try again in %d minute(s)."},
	"error.link.title":        {"Lien invalide", "Invalid link"},
	"error.link":              {"Ce lien est invalide, a expiré ou a déjà servi. Demandez-en un nouveau.", "This link is invalid, expired or already used. Ask for a new one."},
	"error.email_taken.title": {"Adresse déjà utilisée", "Address already in use"},
	"error.email_taken":       {"Un autre compte utilise désormais cette adresse.", "Another account now uses this address."},
	"error.notfound.title":    {"Page introuvable", "Page not found"},
	"error.notfound":          {"Cette page n’existe pas.", "This page does not exist."},
	"error.internal.title":    {"Erreur", "Error"},
	"error.internal":          {"Une erreur est survenue de notre côté. Réessayez dans un instant.", "Something went wrong on our side. Try again in a moment."},
	"error.too_big.title":     {"Envoi trop volumineux", "Too large"},
	"error.too_big":           {"Le formulaire envoyé est trop volumineux.", "The form sent is too large."},
}

// translate returns key's text in lang; a missing key shows as itself.
func translate(lang, key string) string {
	t, ok := texts[key]
	if !ok {
		return key
	}
	if lang == "en" {
		return t[1]
	}
	return t[0]
}
