/**
 * What the record can tell about the screening's questions: codes and words for the `conditions` and
 * `medications` options. A starting list, to be reviewed with the knowledge base (see docs/adr/0009):
 *
 * - Conditions: ICD-10 and ICD-10-CM by prefix (the hierarchy is in the code), SNOMED CT by exact concept
 *   (no terminology server, so no subsumption: narrower concepts are caught by their words), and words in
 *   English and French, matched without case or accents.
 * - Medicines: RxNorm ingredient codes (and a few common clinical drugs), ATC by prefix, and words
 *   (generic and brand names). Most MedicationRequests carry clinical-drug codes, so words do most of the work.
 */

export interface CodeRule {
  /** The option of the question this evidence supports. */
  readonly option: string;
  readonly snomed?: readonly string[];
  /** ICD-10 / ICD-10-CM code prefixes, without the dot. */
  readonly icd10?: readonly string[];
  readonly rxnorm?: readonly string[];
  /** ATC code prefixes. */
  readonly atc?: readonly string[];
  /** Matched against the normalised text (lower case, no accents). */
  readonly words?: RegExp;
}

export const CONDITION_RULES: readonly CodeRule[] = [
  {
    option: 'osteoporosis',
    snomed: ['64859006', '312894000'],
    icd10: ['M80', 'M81'],
    words: /\bosteopor|\bosteopeni/,
  },
  { option: 'fragility_fracture', icd10: ['M80'], words: /fragility fracture|fracture de fragilite/ },
  {
    option: 'rheumatoid_arthritis',
    snomed: ['69896004'],
    icd10: ['M05', 'M06'],
    words: /rheumatoid arthritis|polyarthrite rhumatoide/,
  },
  {
    option: 'inflammatory_arthritis',
    snomed: ['9631008'],
    icd10: ['M45', 'M46', 'M07', 'L405'],
    words: /ankylosing spondyl|spondylarthrit|spondyloarthrit|psoriatic arthrit|rhumatisme psoriasique/,
  },
  {
    option: 'neck_fracture',
    icd10: ['S12'],
    words:
      /fracture of (the )?cervical|cervical (spine |vertebra[el]? )?fracture|fracture (d.une )?vertebre cervicale/,
  },
  {
    option: 'neck_arthritis',
    words: /cervical spondylosis|cervical (spinal )?stenosis|cervicarthrose|canal cervical etroit/,
  },
  {
    option: 'down_syndrome',
    snomed: ['41040004'],
    icd10: ['Q90'],
    words: /down.?s? syndrome|trisomy 21|trisomie 21/,
  },
  {
    option: 'neck_anomaly',
    icd10: ['Q761'],
    words: /os odontoideum|klippel.?feil|atlanto.?axial instability|instabilite atlo.?axoidienne/,
  },
  {
    option: 'connective_tissue',
    snomed: ['398114001', '19346006'],
    icd10: ['Q796', 'Q874'],
    words: /ehlers.?danlos|marfan|loeys.?dietz|connective tissue disorder|maladie du tissu conjonctif/,
  },
  {
    option: 'vascular_eds',
    icd10: ['Q7963'],
    words: /vascular ehlers|ehlers.?danlos.{0,20}vasculaire|type iv ehlers/,
  },
  { option: 'hypermobility', icd10: ['M357'], words: /hypermobil|hyperlaxite/ },
  {
    option: 'bleeding_disorder',
    snomed: ['90935002'],
    icd10: ['D66', 'D67', 'D68', 'D69'],
    words:
      /haemophilia|hemophilia|hemophilie|von willebrand|bleeding disorder|coagulopathy|coagulopathie|thrombocytopeni/,
  },
  {
    option: 'carotid_disease',
    snomed: ['64586002'],
    icd10: ['I652'],
    words: /carotid (artery )?(stenosis|disease|plaque)|stenose carotid|endarterectom/,
  },
  {
    option: 'fainting_history',
    icd10: ['R55', 'G9001'],
    words: /\bsyncope\b|carotid sinus (syndrome|hypersensitivity)/,
  },
  {
    option: 'heart_disease',
    icd10: ['I20', 'I21', 'I22', 'I24', 'I25', 'I42', 'I48', 'I50', 'Z950'],
    words:
      /heart failure|insuffisance cardiaque|coronary|coronarien|atrial fibrillation|fibrillation auriculaire|pacemaker|stimulateur cardiaque|myocardial infarction|infarctus du myocarde|cardiomyopath/,
  },
  {
    option: 'stroke_tia',
    snomed: ['230690007', '266257000', '422504002'],
    icd10: ['I60', 'I61', 'I63', 'I64', 'G45', 'I69', 'Z8673'],
    words:
      /\bstroke\b|cerebrovascular accident|cerebral infarct|transient isch(a)?emic|\btia\b|\bavc\b|accident vasculaire cerebral|infarctus cerebral|accident ischemique transitoire/,
  },
  {
    option: 'dissection',
    icd10: ['I7771', 'I7774', 'I7775', 'I720', 'I726'],
    words: /dissection/,
  },
  { option: 'fmd', icd10: ['I773'], words: /fibromuscular dysplasia|dysplasie fibromusculaire/ },
  {
    option: 'high_bp',
    snomed: ['38341003', '59621000'],
    icd10: ['I10', 'I11', 'I12', 'I13', 'I15'],
    words: /hypertension/,
  },
  { option: 'cholesterol', icd10: ['E78'], words: /cholesterol|hyperlipid|dyslipid/ },
  {
    option: 'diabetes',
    snomed: ['73211009', '44054006', '46635009'],
    icd10: ['E10', 'E11', 'E13', 'E14'],
    words: /diabete|diabetes/,
  },
  { option: 'migraine', snomed: ['37796009'], icd10: ['G43'], words: /migrain/ },
  {
    option: 'thyroid',
    icd10: ['E00', 'E01', 'E02', 'E03', 'E04', 'E05', 'E06', 'E07'],
    words: /thyroid|thyroide|goitre|goiter/,
  },
  {
    option: 'cancer',
    snomed: ['363346000'],
    icd10: ['C', 'Z85'],
    words:
      /cancer|carcinom|malignan|lymphoma|lymphome|leukaemia|leukemia|leucemie|myeloma|myelome|sarcoma|sarcome|metasta/,
  },
  {
    option: 'immunosuppressed',
    icd10: [
      'B20',
      'B21',
      'B22',
      'B23',
      'B24',
      'D80',
      'D81',
      'D82',
      'D83',
      'D84',
      'Z940',
      'Z941',
      'Z942',
      'Z944',
    ],
    words: /\bhiv\b|\bvih\b|immunodeficien|immunosuppress|immunodepress|transplant|greffe/,
  },
];

/** Words that turn a match into a non-finding: "no history of", "suspected", "family history". */
export const NEGATED =
  /\b(no|not|denies|without|absence of|sans|pas de|aucun|family history|antecedents familiaux|suspected|suspicion|rule out|r\/o)\b/;

export const ANTICOAGULANT_WORDS =
  /warfarin|coumadin|acenocoumarol|sintrom|phenprocoumon|fluindione|previscan|apixaban|eliquis|rivaroxaban|xarelto|dabigatran|pradaxa|edoxaban|lixiana|savaysa|heparin|enoxaparin|lovenox|clexane|dalteparin|fragmin|tinzaparin|innohep|fondaparinux|arixtra|anticoagul/;

export const MEDICATION_RULES: readonly CodeRule[] = [
  {
    option: 'anticoagulant',
    rxnorm: [
      '11289',
      '855332',
      '1364430',
      '1114195',
      '1546356',
      '1599538',
      '5224',
      '67108',
      '67109',
      '321208',
    ],
    atc: ['B01AA', 'B01AB', 'B01AE', 'B01AF', 'B01AX05'],
    words: ANTICOAGULANT_WORDS,
  },
  {
    option: 'antiplatelet',
    rxnorm: ['32968', '613391', '1116632'],
    atc: ['B01AC04', 'B01AC22', 'B01AC24', 'B01AC05'],
    words: /clopidogrel|plavix|prasugrel|effient|efient|ticagrelor|brilinta|brilique|ticlopidine/,
  },
  {
    option: 'oral_contraceptive',
    atc: ['G03AA', 'G03AB'],
    words: /oral contracept|contraceptive pill|pilule|ethinyl ?estradiol|estetrol/,
  },
];

/** Systemic corticosteroids: a finding only when taken for 3 months or more. */
export const CORTICOSTEROID_WORDS =
  /prednisolone|prednisone|methylprednisolone|dexamethasone|hydrocortisone|cortisone|betamethasone|deflazacort|budesonide/;
export const CORTICOSTEROID_ATC = ['H02AB'];
/** Forms that are not systemic: inhalers, sprays, creams, drops, injections into a joint. */
export const NOT_SYSTEMIC =
  /inhal|nasal|spray|cream|creme|ointment|pommade|topical|cutane|eye|ophtalm|drops|gouttes|intra.?articular|enema|lavement/;

/** Aspirin: 100 mg a day or less is "low dose only"; more is an antiplatelet dose. */
export const ASPIRIN_WORDS = /aspirin|acetylsalicylic|kardegic|aspegic/;
export const ASPIRIN_RXNORM = ['1191', '243670'];
export const ASPIRIN_ATC = ['B01AC06', 'N02BA01'];
