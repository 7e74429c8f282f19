/**
 * Every message a person at the counter can see, in English and French. The kiosk is its own
 * program (it never imports the app's i18n, which pulls in React); the page receives both
 * languages and shows the one picked on screen.
 */
export type Locale = "en" | "fr";

type Params = Record<string, string | number>;
type Template = string | ((p: Params) => string);

/** "1 essai restant", "4 essais restants": the language's plural rule picks the word. */
function counted(locale: Locale, n: string | number | undefined, one: string, other: string): string {
  if (n === undefined) return `? ${other}`;
  return `${n} ${new Intl.PluralRules(locale).select(Number(n)) === "one" ? one : other}`;
}

const MESSAGES = {
  APP_UNREACHABLE: {
    en: "The Loupe server cannot be reached. Work goes on; everything is sent when the connection is back.",
    fr: "Le serveur Loupe est injoignable. Vous pouvez continuer\u202f: tout sera envoyé au retour de la connexion.",
  },
  NOT_PAIRED: {
    en: "This kiosk is not paired yet: run `npm run kiosk -- pair` and have a manager confirm the code in the admin (Kiosks).",
    fr: "Ce poste n'est pas encore appairé\u202f: lancez `npm run kiosk -- pair` et faites confirmer le code par un responsable dans l'admin (Postes).",
  },
  DEVICE_UNKNOWN: {
    en: "The Loupe server does not know this kiosk. Pair it again (`npm run kiosk -- pair`).",
    fr: "Le serveur Loupe ne reconnaît pas ce poste. Appairez-le de nouveau (`npm run kiosk -- pair`).",
  },
  DEVICE_REVOKED: {
    en: "This kiosk was revoked in the admin. Pair it again (`npm run kiosk -- pair`).",
    fr: "Ce poste a été révoqué dans l'admin. Appairez-le de nouveau (`npm run kiosk -- pair`).",
  },
  SIGN_IN_REQUIRED: {
    en: "Sign in with your PIN first.",
    fr: "Identifiez-vous d'abord avec votre code PIN.",
  },
  PIN_FORMAT: {
    en: "A PIN is 4 to 8 digits.",
    fr: "Un code PIN compte de 4 à 8 chiffres.",
  },
  PIN_WRONG: {
    en: (p: Params) =>
      `Wrong PIN. ${counted("en", p.attemptsLeft, "attempt", "attempts")} left before the kiosk locks for 15 minutes.`,
    fr: (p: Params) =>
      `Code PIN incorrect. ${counted("fr", p.attemptsLeft, "essai restant", "essais restants")} avant un blocage de 15 minutes.`,
  },
  PIN_LOCKED: {
    en: "Too many wrong PINs: sign-in is locked for 15 minutes. A manager can reset PINs in the admin.",
    fr: "Trop de codes PIN erronés\u202f: l'identification est bloquée 15 minutes. Un responsable peut réinitialiser les PIN dans l'admin.",
  },
  TAG_CODE_LENGTH: {
    en: (p: Params) => `"${p.input}" is not a tag code: a tag code has 7 characters, like 7K3Q-X9M.`,
    fr: (p: Params) =>
      `«\u202f${p.input}\u202f» n'est pas un code d'étiquette\u202f: il compte 7 caractères, par exemple 7K3Q-X9M.`,
  },
  TAG_CODE_CHARACTER: {
    en: (p: Params) =>
      `"${p.input}" contains a character that no tag code uses. Check the code and scan or type it again.`,
    fr: (p: Params) =>
      `«\u202f${p.input}\u202f» contient un caractère qu'aucun code d'étiquette n'utilise. Vérifiez et scannez ou saisissez-le de nouveau.`,
  },
  TAG_CODE_CHECK: {
    en: (p: Params) =>
      `"${p.input}" looks mistyped (its check character does not match). Type it again or scan the tag.`,
    fr: (p: Params) =>
      `«\u202f${p.input}\u202f» semble mal saisi (le caractère de contrôle ne correspond pas). Ressaisissez-le ou scannez l'étiquette.`,
  },
  PIECE_NOT_FOUND: {
    en: (p: Params) => `No piece of this shop has the tag ${p.code}. A tag from another shop cannot be received here.`,
    fr: (p: Params) =>
      `Aucune pièce de cette boutique ne porte l'étiquette ${p.code}. Une étiquette d'une autre boutique ne peut pas être reçue ici.`,
  },
  PIECE_NOT_CACHED: {
    en: (p: Params) =>
      `The server is unreachable and ${p.code} is not in today's receiving list kept on this kiosk. Try again when the connection is back.`,
    fr: (p: Params) =>
      `Le serveur est injoignable et ${p.code} ne figure pas dans la liste de réception gardée sur ce poste. Réessayez au retour de la connexion.`,
  },
  PRICE_DOES_NOT_FIT: {
    en: (p: Params) =>
      `The price does not fit on the ${p.template} tag. Choose a larger template; nothing was printed.`,
    fr: (p: Params) =>
      `Le prix ne tient pas sur l'étiquette ${p.template}. Choisissez un modèle plus grand\u202f; rien n'a été imprimé.`,
  },
  LAYOUT_REFUSED: {
    en: (p: Params) => `This tag cannot be laid out on ${p.template}: ${p.detail} Nothing was printed.`,
    fr: (p: Params) =>
      `Cette étiquette ne peut pas être composée sur ${p.template}\u202f: ${p.detail} Rien n'a été imprimé.`,
  },
  FONT_LACKS_CHARACTERS: {
    en: (p: Params) =>
      `The printer's font has no ${p.chars} (in the ${p.field}). Change that text in the admin; nothing was printed.`,
    fr: (p: Params) =>
      `La police de l'imprimante n'a pas ${p.chars} (dans le champ ${p.field}). Modifiez ce texte dans l'admin\u202f; rien n'a été imprimé.`,
  },
  TEMPLATE_UNKNOWN: {
    en: (p: Params) => `There is no tag template "${p.template}". Run \`npm run kiosk -- templates\` for the list.`,
    fr: (p: Params) =>
      `Il n'existe pas de modèle d'étiquette «\u202f${p.template}\u202f». \`npm run kiosk -- templates\` donne la liste.`,
  },
  RFID_MISSING: {
    en: (p: Params) =>
      `${p.template} is RFID stock, but the server sent no EPC for this piece. Look the piece up again with the connection on; nothing was printed.`,
    fr: (p: Params) =>
      `${p.template} est un support RFID, mais le serveur n'a envoyé aucun EPC pour cette pièce. Recherchez de nouveau la pièce une fois connecté\u202f; rien n'a été imprimé.`,
  },
  RFID_SERIAL_PENDING: {
    en: (p: Params) =>
      `${p.template} is RFID stock and this piece has no serial yet: the app gives it when the tag is printed, and the app cannot be reached. Try again once the connection is back; nothing was printed.`,
    fr: (p: Params) =>
      `${p.template} est un support RFID et cette pièce n'a pas encore de numéro de série\u202f: l'application le donne à l'impression, et elle est injoignable. Réessayez une fois la connexion revenue\u202f; rien n'a été imprimé.`,
  },
  RFID_PRINTER_REQUIRED: {
    en: (p: Params) =>
      `${p.template} is RFID stock: it needs a Zebra RFID printer (ZPL). This receipt printer cannot write an EPC; nothing was printed.`,
    fr: (p: Params) =>
      `${p.template} est un support RFID\u202f: il faut une imprimante Zebra RFID (ZPL). Cette imprimante de tickets ne peut pas écrire d'EPC\u202f; rien n'a été imprimé.`,
  },
  RFID_MISMATCH: {
    en: (p: Params) =>
      `The EPC computed here (${p.kiosk}) differs from the server's (${p.server}). Update the kiosk; nothing was printed.`,
    fr: (p: Params) =>
      `L'EPC calculé ici (${p.kiosk}) diffère de celui du serveur (${p.server}). Mettez le poste à jour\u202f; rien n'a été imprimé.`,
  },
  TAG_DATA_INVALID: {
    en: "The server sent tag data this kiosk cannot read. Update the kiosk; nothing was printed.",
    fr: "Le serveur a envoyé des données d'étiquette illisibles pour ce poste. Mettez le poste à jour\u202f; rien n'a été imprimé.",
  },
  PRINTER_CONNECT_TIMEOUT: {
    en: (p: Params) =>
      `The printer at ${p.where} does not answer (no connection within ${p.seconds} s). Check that it is on and on the network. The tag waits in the queue.`,
    fr: (p: Params) =>
      `L'imprimante ${p.where} ne répond pas (pas de connexion en ${p.seconds} s). Vérifiez qu'elle est allumée et sur le réseau. L'étiquette attend dans la file.`,
  },
  PRINTER_REFUSED: {
    en: (p: Params) =>
      `The printer at ${p.where} refuses connections. Check its address and port. The tag waits in the queue.`,
    fr: (p: Params) =>
      `L'imprimante ${p.where} refuse la connexion. Vérifiez son adresse et son port. L'étiquette attend dans la file.`,
  },
  PRINTER_STATUS_TIMEOUT: {
    en: (p: Params) =>
      `The printer at ${p.where} accepted the connection but gave no status within ${p.seconds} s. Zebra printers stay silent when paper is out or the head is open: check both. The tag waits in the queue.`,
    fr: (p: Params) =>
      `L'imprimante ${p.where} accepte la connexion mais ne donne pas son état en ${p.seconds} s. Les Zebra se taisent quand le papier manque ou que la tête est ouverte\u202f: vérifiez les deux. L'étiquette attend dans la file.`,
  },
  PRINTER_STATUS_GARBLED: {
    en: (p: Params) =>
      `The device at ${p.where} answered something that is not a Zebra status. Is this really a ZPL printer? The tag waits in the queue.`,
    fr: (p: Params) =>
      `L'appareil ${p.where} a répondu autre chose qu'un état Zebra. Est-ce bien une imprimante ZPL\u202f? L'étiquette attend dans la file.`,
  },
  PRINTER_PAPER_OUT: {
    en: "The printer is out of labels. Load labels; the tag waits in the queue.",
    fr: "L'imprimante n'a plus d'étiquettes. Rechargez-la\u202f; l'étiquette attend dans la file.",
  },
  PRINTER_HEAD_OPEN: {
    en: "The printer's head is open. Close it; the tag waits in the queue.",
    fr: "La tête d'impression est ouverte. Refermez-la\u202f; l'étiquette attend dans la file.",
  },
  PRINTER_PAUSED: {
    en: "The printer is paused. Press its pause button; the tag waits in the queue.",
    fr: "L'imprimante est en pause. Appuyez sur son bouton pause\u202f; l'étiquette attend dans la file.",
  },
  PRINTER_RIBBON_OUT: {
    en: "The printer's ribbon is out. Replace it; the tag waits in the queue.",
    fr: "Le ruban de l'imprimante est épuisé. Remplacez-le\u202f; l'étiquette attend dans la file.",
  },
  PRINTER_WRITE_FAILED: {
    en: (p: Params) => `Sending the tag to the printer failed (${p.detail}). The tag waits in the queue.`,
    fr: (p: Params) => `L'envoi de l'étiquette à l'imprimante a échoué (${p.detail}). L'étiquette attend dans la file.`,
  },
  CUPS_FAILED: {
    en: (p: Params) => `The print queue "${p.queue}" refused the tag: ${p.detail}. The tag waits in the queue.`,
    fr: (p: Params) =>
      `La file d'impression «\u202f${p.queue}\u202f» a refusé l'étiquette\u202f: ${p.detail}. L'étiquette attend dans la file.`,
  },
  PRINTER_SETTINGS_INVALID: {
    en: (p: Params) => `The printer settings are wrong: ${p.detail}`,
    fr: (p: Params) => `Les réglages de l'imprimante sont faux\u202f: ${p.detail}`,
  },
  LOCATION_REQUIRED: {
    en: "Choose where the piece goes.",
    fr: "Choisissez l'emplacement de la pièce.",
  },
  LOCATION_SET: {
    en: (p: Params) => `Next pieces received go to ${p.location}.`,
    fr: (p: Params) => `Les prochaines pièces reçues iront dans ${p.location}.`,
  },
  LOCATION_CODE_INVALID: {
    en: (p: Params) => `${p.code} is not a valid location code: check the label or type it again.`,
    fr: (p: Params) =>
      `${p.code} n'est pas un code d'emplacement valide\u202f: vérifiez l'étiquette ou saisissez-le de nouveau.`,
  },
  LOCATION_CODE_UNKNOWN: {
    en: (p: Params) => `No location of this shop here has the code ${p.code}.`,
    fr: (p: Params) => `Aucun emplacement de cette boutique ici n'a le code ${p.code}.`,
  },
  LOCATION_ARCHIVED: {
    en: (p: Params) => `The location with the code ${p.code} is archived: pieces can no longer go there.`,
    fr: (p: Params) => `L'emplacement de code ${p.code} est archivé\u202f: on ne peut plus y mettre de pièces.`,
  },
  OPERATION_REFUSED: {
    en: (p: Params) => `The server refused: ${p.detail}`,
    fr: (p: Params) => `Le serveur a refusé\u202f: ${p.detail}`,
  },
  BAD_REQUEST: {
    en: (p: Params) => `Bad request: ${p.detail}`,
    fr: (p: Params) => `Requête invalide\u202f: ${p.detail}`,
  },
  PAIRING_EXPIRED: {
    en: "The pairing code expired (10 minutes). Run `npm run kiosk -- pair` again.",
    fr: "Le code d'appairage a expiré (10 minutes). Relancez `npm run kiosk -- pair`.",
  },
  RATE_LIMITED: {
    en: "Too many attempts: wait a minute and try again.",
    fr: "Trop de tentatives\u202f: attendez une minute et réessayez.",
  },
  PRINTED: {
    en: (p: Params) => `Tag ${p.code} printed.`,
    fr: (p: Params) => `Étiquette ${p.code} imprimée.`,
  },
  LABEL_PRINTED: {
    en: (p: Params) => `Label of ${p.location} (${p.code}) printed.`,
    fr: (p: Params) => `Étiquette de ${p.location} (${p.code}) imprimée.`,
  },
  LABEL_QUEUED: {
    en: (p: Params) => `The label of ${p.location} (${p.code}) is in the print queue.`,
    fr: (p: Params) => `L'étiquette de ${p.location} (${p.code}) est dans la file d'impression.`,
  },
  QUEUED: {
    en: (p: Params) => `Tag ${p.code} is in the print queue.`,
    fr: (p: Params) => `L'étiquette ${p.code} est dans la file d'impression.`,
  },
  RECEIVED: {
    en: (p: Params) => `${p.code} is received and now active in ${p.location}.`,
    fr: (p: Params) => `${p.code} est reçue et désormais active dans ${p.location}.`,
  },
  RECEIVED_OFFLINE: {
    en: (p: Params) =>
      `${p.code} is recorded as received in ${p.location}; it will be sent when the connection is back.`,
    fr: (p: Params) =>
      `${p.code} est enregistrée comme reçue dans ${p.location}\u202f; l'envoi se fera au retour de la connexion.`,
  },
  TAGGED: {
    en: (p: Params) => `${p.code} is marked as tagged.`,
    fr: (p: Params) => `${p.code} est marquée comme étiquetée.`,
  },
} satisfies Record<string, { en: Template; fr: Template }>;

export type MessageCode = keyof typeof MESSAGES;

/** Every message code (the French messages are checked for typography: test/unit/i18n). */
export const MESSAGE_CODES = Object.keys(MESSAGES) as MessageCode[];

export function isMessageCode(code: string): code is MessageCode {
  return Object.prototype.hasOwnProperty.call(MESSAGES, code);
}

export function t(locale: Locale, code: MessageCode, params: Params = {}): string {
  const tpl: Template = MESSAGES[code][locale];
  return typeof tpl === "function" ? tpl(params) : tpl;
}

/** Both languages at once: the page picks one, logs and the CLI print English. */
export interface Bilingual {
  code: string;
  en: string;
  fr: string;
}

export function bilingual(code: MessageCode, params: Params = {}): Bilingual {
  return { code, en: t("en", code, params), fr: t("fr", code, params) };
}

/** An expected failure a person can act on; never a crash. */
export class KioskError extends Error {
  readonly code: string;
  readonly fr: string;
  /** HTTP status the kiosk's local page receives. */
  readonly status: number;
  /** Retrying later can succeed (network, printer offline): the work stays queued. */
  readonly transient: boolean;

  constructor(msg: Bilingual, options: { status?: number; transient?: boolean } = {}) {
    super(msg.en);
    this.name = "KioskError";
    this.code = msg.code;
    this.fr = msg.fr;
    this.status = options.status ?? 400;
    this.transient = options.transient ?? false;
  }

  toBilingual(): Bilingual {
    return { code: this.code, en: this.message, fr: this.fr };
  }

  toJSON(): { error: { code: string; message: string; messageFr: string } } {
    return { error: { code: this.code, message: this.message, messageFr: this.fr } };
  }
}

export function kioskError(
  code: MessageCode,
  params: Params = {},
  options: { status?: number; transient?: boolean } = {},
): KioskError {
  return new KioskError(bilingual(code, params), options);
}
