package aftercare

import (
	"time"

	"github.com/mesokit/meso"
)

const (
	hour = time.Hour
	day  = 24 * time.Hour // restriction windows are real durations: 72 h is 72 h across a clock change
)

// statements is what each source says about how long to avoid each activity
// after a session, in the sources' own words (SOURCES.md at the module root
// lists the sources and their tags).
var statements = [numActivities][]Statement{
	TouchScalp: {
		{4 * hour, 4 * hour, "for 4 hours you should not touch the skin on your head with your hands or scratch it", "", []string{meso.S3}},
	},
	ScalpMedication: {
		{12 * hour, 12 * hour, "applying any medications to the scalp after the procedure is permissible no earlier than 12 hours later", "", []string{meso.S3}},
	},
	WashHair: {
		{24 * hour, 24 * hour, "it is important not to dye or wash your hair in the next 24 hours", "", []string{meso.S4}},
		{2 * day, 2 * day, "you should not wash your hair for 2 days", "", []string{meso.S3}},
		{48 * hour, 72 * hour, "within 48-72 hours after vitamin injections, it is advisable to refrain from washing your hair", "", []string{meso.S2}},
		{2 * day, 2 * day, "daily scalp care can be resumed only two days after the procedure", "", []string{meso.S1}},
	},
	DyeHair: {
		{24 * hour, 24 * hour, "it is important not to dye or wash your hair in the next 24 hours", "", []string{meso.S4}},
		{48 * hour, 72 * hour, "within 48-72 hours after vitamin injections … do not apply oily, warming, cooling and scrubbing agents. Any possible chemical or mechanical manipulations can lead to damage to skin cells and infection in the wounds from injections",
			"Reading: dyeing is a chemical manipulation, which S2 warns against in the same passage as its 48-72 hours", []string{meso.S2}},
		{0, 0, "avoid seawater, chlorine, dyes (general care)", "", []string{meso.S4}},
	},
	StylingProducts: {
		{0, 0, "do not use hair sprays, creams or other styling products", "", []string{meso.S1}},
		{48 * hour, 72 * hour, "within 48-72 hours … do not apply oily, warming, cooling and scrubbing agents", "", []string{meso.S2}},
	},
	ScalpMassage: {
		{24 * hour, 24 * hour, "head massage can not be carried out within 24 hours", "", []string{meso.S1}},
		{2 * day, 2 * day, "after each session, it is impossible to … do scalp massage … for a couple of days", "a couple of days, read as two days", []string{meso.S0}},
	},
	SunExposure: {
		{48 * hour, 48 * hour, "you can not sunbathe for 48 hours", "", []string{meso.S1}},
		{48 * hour, 72 * hour, "within 48-72 hours … do not sunbathe", "", []string{meso.S2}},
		{0, 0, "in the summer, it is important to protect your head from exposure to UV rays with a scarf or hat", "", []string{meso.S3}},
		{0, 0, "keep the treated area away from direct sun exposure … wear caps or hats", "", []string{meso.S4}},
	},
	Solarium: {
		{3 * day, 3 * day, "solarium or sauna - for 3 days", "", []string{meso.S3}},
	},
	Pool: {
		{24 * hour, 24 * hour, "it is not recommended to use the pool or sauna for 24 hours", "", []string{meso.S1}},
		{2 * day, 2 * day, "it is impossible to undergo thermal and water effects for a couple of days", "a couple of days, read as two days", []string{meso.S0}},
		{0, 0, "avoid seawater, chlorine (general care)", "", []string{meso.S4}},
	},
	Sauna: {
		{24 * hour, 24 * hour, "it is not recommended to use the pool or sauna for 24 hours", "", []string{meso.S1}},
		{3 * day, 3 * day, "solarium or sauna - for 3 days", "", []string{meso.S3}},
		{2 * day, 2 * day, "it is impossible to undergo thermal and water effects for a couple of days", "a couple of days, read as two days", []string{meso.S0}},
		{0, 0, "avoid too hot or humid areas such as the beach or spas", "", []string{meso.S4}},
	},
	Exercise: {
		{2 * day, 2 * day, "it is impossible to … play sports for a couple of days", "a couple of days, read as two days", []string{meso.S0}},
		{0, 0, "not to perform intense exercise or activities that may generate sweating of the scalp", "", []string{meso.S4}},
	},
	XRay: {
		{3 * day, 3 * day, "you cannot undergo X-ray, radiation and electrotherapy examinations within the next 3 days", "", []string{meso.S1}},
	},
	CosmeticProcedures: {
		{7 * day, 7 * day, "active cosmetic procedures are postponed for a week", "", []string{meso.S3}},
	},
}

// instructions is what a patient must do or avoid before a session, and what
// to tell the clinic. Days counts calendar days back from the
// session's day; where no source states how long before, Days is meso's
// policy default, marked as such.
var instructions = []Instruction{
	{ID: "wash-hair-day-before", Ask: Do, Activity: WashHair, Days: 1, WholeDay: true,
		Text:    "wash your hair, and come with clean hair",
		Words:   "come with a washed head (S0); it is advisable to wash the day before the treatment (S4)",
		Sources: []string{meso.S0, meso.S4}},
	{ID: "no-styling-products-on-the-day", Ask: Avoid, Activity: StylingProducts, Days: 0, PolicyDefault: true,
		Text:    "no lacquer or any other chemical product on your hair",
		Words:   "go to your session with clean hair and without traces of lacquer or any chemical product",
		Sources: []string{meso.S4},
		Note:    "S4 states no span; meso's default reads it as the day of the session"},
	// S1 states the day of the session, S2 and S4 "before" without a span:
	// the strictest of them has no number, so the lead is meso's, the same
	// day before as perm and scrubbing from the same clause of S2.
	{ID: "no-dyeing-before", Ask: Avoid, Activity: DyeHair, Days: 1, PolicyDefault: true,
		Text:    "no dyeing or colouring of your hair",
		Words:   "do not dye your hair on the day of the procedure (S1); it is forbidden to dye the hair before the sessions (S4); you can not carry out scrubbing, coloring, perm before the session (S2)",
		Sources: []string{meso.S1, meso.S2, meso.S4},
		Note:    "S1 states the day of the session; S2 and S4 say 'before' without a span; meso's default is from the day before, as for perm and scrubbing in the same clause of S2"},
	{ID: "no-perm-or-scrub-before", Ask: Avoid, Days: 1, PolicyDefault: true,
		Text:    "no perm and no scrubbing of the scalp",
		Words:   "you can not carry out scrubbing, coloring, perm before the session",
		Sources: []string{meso.S2},
		Note:    "no source states how long before; meso's default is from the day before"},
	{ID: "no-masks-or-oils-before", Ask: Avoid, Activity: StylingProducts, Days: 1, PolicyDefault: true,
		Text:    "no warming or cooling masks and no vegetable oils in the roots",
		Words:   "apply warming / cooling masks; use vegetable oils into hair roots (you can not, before the session)",
		Sources: []string{meso.S2},
		Note:    "no source states how long before; meso's default is from the day before"},
	{ID: "no-sauna-before", Ask: Avoid, Activity: Sauna, Days: 1, PolicyDefault: true,
		Text:    "no bath or sauna",
		Words:   "from the bath / sauna … should be abstained",
		Sources: []string{meso.S2},
		Note:    "no source states how long before; meso's default is from the day before"},
	{ID: "no-alcohol-before", Ask: Avoid, Days: 1, PolicyDefault: true,
		Text:    "no alcohol",
		Words:   "drinking alcohol … should be abstained",
		Sources: []string{meso.S2},
		Note:    "no source states how long before; meso's default is from the day before"},
	{ID: "no-solarium-before", Ask: Avoid, Activity: Solarium, Days: 1, PolicyDefault: true,
		Text:    "no tanning bed",
		Words:   "tanning beds … should be abstained",
		Sources: []string{meso.S2},
		Note:    "no source states how long before; meso's default is from the day before"},
	{ID: "no-sunbathing-before", Ask: Avoid, Activity: SunExposure, Days: 1, PolicyDefault: true,
		Text:    "no sunbathing",
		Words:   "sunbathing should be abstained",
		Sources: []string{meso.S2},
		Note:    "no source states how long before; meso's default is from the day before"},
	{ID: "no-cosmetic-procedures-before", Ask: Avoid, Activity: CosmeticProcedures, Days: 7, PolicyDefault: true,
		Text:    "no other cosmetic procedures",
		Words:   "without using other cosmetic procedures",
		Sources: []string{meso.S0},
		Note:    "no source states how long before; meso's default mirrors the week S3 states after a session"},
	{ID: "no-aspirin-or-enzymes-before", Ask: Avoid, Days: 10, PolicyDefault: true,
		Text:    "no aspirin and no enzyme preparations, unless your doctor says otherwise",
		Words:   "do not use enzyme preparations and aspirin",
		Sources: []string{meso.S1},
		Note:    "no source states how long before; meso's default is 10 days, as screening's default policy defers after a last dose (the 7-10 days S2 states for anticoagulants, at its strictest)"},
	{ID: "stop-anticoagulants", Ask: Avoid, Days: 10,
		Text:    "no anticoagulants (blood thinners): stop them as agreed with your doctor",
		Words:   "at least 7-10 days before the start of treatment, it will be necessary to refuse to take those drugs (anticoagulants) that affect blood coagulation (S2); in the case of taking anticoagulants ... it will also be prohibited (S1); not indicated when taking anticoagulant drugs (S3)",
		Sources: []string{meso.S1, meso.S2, meso.S3},
		Note:    "S2 states 7-10 days before the start; the default takes the strictest, 10. S1 and S3 bar treatment while taking them at any session, so the instruction holds before every session, not only the first"},
	{ID: "allergy-test-day-before", Ask: Do, Days: 1, WholeDay: true, FirstOnly: true,
		Text:    "come to the clinic for the allergy test injection",
		Words:   "a specialist one day before the first procedure should conduct a test test, putting one injection",
		Sources: []string{meso.S2}},
	{ID: "tell-allergies-and-medicines", Ask: Tell, FirstOnly: true,
		Text:    "tell the clinic about your allergies, intolerances, earlier reactions to dyes, hair products or medicines, and the medicines you take regularly",
		Words:   "inform about intolerances and allergies; inform about medicines taken on a regular basis (S1); if you have had any allergic reaction to dyes, hair products, medications … mention it (S4)",
		Sources: []string{meso.S1, meso.S4}},
	{ID: "no-medicines-without-doctor", Ask: Tell,
		Text:    "do not take any medicine without asking your doctor",
		Words:   "do not take without consulting a doctor any medications",
		Sources: []string{meso.S0}},
}

// afterEffects is what a patient can expect after a session, and for how long
var afterEffects = []AfterEffect{
	{"marks from the injections, a grid or dots", 6 * hour, 72 * hour, "traces … may remain visible, depending on the selected drug - from 6 to 72 hours", []string{meso.S1}},
	{"slight burning", 0, 0, "a slight burning, which disappears within a few hours", []string{meso.S4}},
	{"pain and unpleasant sensations", 0, 3 * day, "not more than 2-3 days", []string{meso.S2}},
	{"redness and swelling", 0, 0, "resolved within a few days", []string{meso.S2}},
	{"discomfort and pain when touching the scalp", 0, 7 * day, "such a negative state can last up to 7 days", []string{meso.S2}},
	{"small bruises and wounds", 0, 7 * day, "small bruises and wounds that heal independently for a week", []string{meso.S0}},
	{"irritation, itching or sensitivity of the scalp, small spots", 0, 0, "some irritation, pain or sensitivity in the scalp … localized itching … slight spots", []string{meso.S4}},
	{"more hair falling out after the second or third session: old hairs making way for new ones, not a failure", 0, 0, "such an effect may occur after the second or third session, but do not get scared", []string{meso.S0}},
}

// generalCare is the advice without a span (S3, S4).
var generalCare = []Advice{
	{What: "wear a hat to the session when it is cold outside",
		Words:   "if it is cold outside, it is recommended to wear a hat during the procedure",
		Sources: []string{meso.S3}},
	{What: "for irritation after a session, a spray or anti-inflammatory cream",
		Words:   "it is advisable to apply some spray or anti-inflammatory cream",
		Sources: []string{meso.S4},
		Note:    "a medicine on the scalp: the default keeps S3's 12 hours before it (scalp-medication), unless the doctor prescribes otherwise"},
	{What: "no hair dryers or straighteners",
		Words:   "dispense with the use of dryers and hair straighteners",
		Sources: []string{meso.S4}},
	{What: "do not wash your hair with too hot water",
		Words:   "do not wash it with too hot water",
		Sources: []string{meso.S4}},
	{What: "avoid seawater, chlorine and dyes; brush gently",
		Words:   "Avoid seawater, chlorine, dyes; constantly brush gently",
		Sources: []string{meso.S4}},
	{What: "use the shampoo, conditioner or masks your doctor suggests",
		Words:   "The doctor may suggest the use of shampoo, conditioner or home application treatments, such as hair masks or cream baths",
		Sources: []string{meso.S4}},
	{What: "eat a balanced diet and drink enough water",
		Words:   "drink at least 4 glasses of water a day",
		Sources: []string{meso.S4}},
}

// warningSigns is when to contact the clinic at once (S2).
var warningSigns = []WarningSign{
	{"discomfort that has not gone after a week, or is getting worse", "when the unpleasant sensations do not go away in a week or even intensify", []string{meso.S2}},
	{"ulcers on the scalp", "ulcers appear on the epithelium", []string{meso.S2}},
	{"fever", "the temperature rises", []string{meso.S2}},
}
