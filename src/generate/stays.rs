//! Residential stays: six providers with their terms and a price per year
//! (and now and then a change in the middle of one), and for one long
//! course in twenty-five a stay, recommended, decided by the visitation
//! committee, run and ended, with the own payment calculated and told.

use chrono::{Datelike, NaiveDate};

use super::rng::Rng;
use super::{Ids, Life, next, plus, stamp};
use crate::domain::intake::ContactKind;
use crate::domain::money::Ore;
use crate::domain::policy::Profile;
use crate::domain::stay::{
    Decision, EarlyEndFee, EndKind, Ending, OwnPaymentInput, OwnPaymentSettings, PriceUnit, Recommendation, Service,
    own_payment,
};
use crate::store::exchange::{
    ExpenseRecord, ExportFile, OwnPaymentRecord, PriceRecord, ProviderRecord, StayEventRecord, StayRecord,
};

const PROVIDERS: [(&str, &str); 6] = [
    ("Behandlingshjemmet Skovbrynet", "3101"),
    ("Døgnafsnittet Fjordglimt", "3102"),
    ("Kollegiet Ny Kurs", "3103"),
    ("Behandlingscenter Engly", "3104"),
    ("Opholdsstedet Lærkereden", "3105"),
    ("Misbrugscenter Vestervang", "3106"),
];

pub fn providers(file: &mut ExportFile, first_day: NaiveDate, today: NaiveDate, rng: &mut Rng) {
    let mut price_id = 0;
    for (i, (name, portal)) in PROVIDERS.iter().enumerate() {
        let id = i as i64 + 1;
        file.providers.push(ProviderRecord {
            id,
            name: (*name).into(),
            tilbudsportalen_id: (*portal).into(),
            contact: format!("Visitationen, tlf. 86 40 {:02} {:02}", 10 + i, rng.between(10, 99)),
            bill_intake_day: i % 2 == 0,
            bill_discharge_day: i % 3 == 0,
            early_end_fee: (i % 2 == 1).then_some(EarlyEndFee { within_days: 30, fee: Ore(250_000) }),
            food_per_day: Some(Ore(6_000 + 500 * i as i64)),
            lodging_per_day: (i % 3 != 2).then_some(Ore(4_500)),
        });
        // A new price every 1 January, about 3 % up; one provider in three
        // changes its price again in the summer.
        let mut treatment = 120_000 + 10_000 * i as i64;
        for year in first_day.year()..=today.year() {
            let jan = NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January");
            for (service, amount) in [(Service::Treatment, treatment), (Service::Stay, treatment / 4)] {
                price_id += 1;
                file.provider_prices.push(PriceRecord {
                    id: price_id,
                    provider_id: id,
                    service,
                    unit: PriceUnit::PerDay,
                    amount: Ore(amount),
                    valid_from: jan,
                });
            }
            let summer = NaiveDate::from_ymd_opt(year, 7, 1).expect("1 July");
            if i % 3 == 0 && summer <= today {
                price_id += 1;
                file.provider_prices.push(PriceRecord {
                    id: price_id,
                    provider_id: id,
                    service: Service::Treatment,
                    unit: PriceUnit::PerDay,
                    amount: Ore(treatment + 2_500),
                    valid_from: summer,
                });
            }
            treatment = treatment * 103 / 100;
        }
    }
}

struct Steps<'a> {
    file: &'a mut ExportFile,
    ids: &'a mut Ids,
    stay_id: i64,
    actor: &'static str,
}

impl Steps<'_> {
    fn add(&mut self, kind: &str, on: NaiveDate, detail: Option<String>, rng: &mut Rng) {
        let id = next(&mut self.ids.stay_event);
        self.file.stay_events.push(StayEventRecord {
            id,
            stay_id: self.stay_id,
            kind: kind.into(),
            on,
            detail,
            actor: self.actor.into(),
            recorded_at: stamp(on, rng),
        });
    }
}

/// `day` if it has come by `today` and `after` has happened.
fn then(after: Option<NaiveDate>, day: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    after.and_then(|_| (day <= today).then_some(day))
}

pub fn stay(file: &mut ExportFile, ids: &mut Ids, profile: &Profile, life: &Life, today: NaiveDate, rng: &mut Rng) {
    let Some(start) = life.started else { return };
    if !matches!(life.kind, ContactKind::OwnUse | ContactKind::Young) || !rng.chance(4) {
        return;
    }
    let recommended = plus(start, rng.between(14, 40));
    if recommended > today || life.ended.is_some_and(|end| end < plus(recommended, 60)) {
        return;
    }
    let provider_id = rng.between(1, PROVIDERS.len() as i64);
    let approved = rng.chance(85);
    let decided = then(Some(recommended), plus(recommended, rng.between(5, 15)), today);
    let planned_start = plus(recommended, rng.between(20, 35));
    let planned_end = plus(planned_start, rng.between(30, 90));
    let started = then(decided.filter(|_| approved), planned_start, today);
    let interrupted = rng.chance(20);
    let end_on = if interrupted {
        plus(planned_start, rng.between(3, crate::domain::dates::days_between(planned_start, planned_end)))
    } else {
        planned_end
    };
    let midway = then(
        started,
        plus(planned_start, crate::domain::dates::days_between(planned_start, planned_end) / 2 + rng.between(0, 7)),
        today,
    )
    .filter(|m| *m <= end_on || !interrupted);
    let ended = then(started, end_on, today);
    let reported = then(ended.filter(|_| interrupted), plus(end_on, rng.between(1, 3)), today);
    let final_status = then(ended, plus(end_on, rng.between(3, 10)), today).filter(|_| rng.chance(90));
    let aftercare = then(ended, plus(end_on, rng.between(5, 12)), today).filter(|_| rng.chance(70));
    let food = file.providers[provider_id as usize - 1].food_per_day.unwrap_or(Ore(6_000));
    let lodging = file.providers[provider_id as usize - 1].lodging_per_day.unwrap_or(Ore(0));
    let own_payment = decided.filter(|_| approved).and_then(|on| {
        let settings = OwnPaymentSettings { amount_kept_per_month: profile.stay.amount_kept_per_month? };
        let rent = Ore(rng.between(30, 60) * 10_000);
        let input = OwnPaymentInput {
            monthly_income: Ore(rng.between(90, 220) * 10_000),
            fixed_expenses: vec![("Husleje".into(), rent)],
            keeps_own_home: true,
            food_per_day: food,
            lodging_per_day: lodging,
            days_in_month: 30,
        };
        let result = own_payment(&input, &settings).ok()?;
        Some(OwnPaymentRecord {
            monthly_income: input.monthly_income,
            fixed_expenses: vec![ExpenseRecord { name: "Husleje".into(), amount: rent }],
            keeps_own_home: input.keeps_own_home,
            food_per_day: food,
            lodging_per_day: lodging,
            days_in_month: 30,
            amount_kept_per_month: settings.amount_kept_per_month,
            per_month: result.per_month,
            per_day: result.per_day,
            told_on: then(Some(on), plus(on, rng.between(1, 5)), today),
        })
    });
    let stay_id = next(&mut ids.stay);
    let text = "Tilbagefald trods ambulant behandling; ønsker et stoffrit døgnforløb.";
    file.stays.push(StayRecord {
        id: stay_id,
        case_id: life.case_id,
        provider_id,
        services: if rng.chance(60) { vec![Service::Treatment, Service::Stay] } else { vec![Service::Treatment] },
        planned_start,
        planned_end,
        recommended: Recommendation { on: recommended, by: life.counsellor.into(), text: text.into() },
        decision: decided.map(|on| Decision {
            approved,
            on,
            by: "Visitationsudvalget".into(),
            note: if approved { String::new() } else { "Ambulant behandling forsøges først".into() },
        }),
        started_on: started,
        midway_status_on: midway,
        ended: ended.map(|on| Ending {
            on,
            kind: if interrupted { EndKind::Interrupted } else { EndKind::Planned },
            reported_on: reported,
        }),
        final_status_on: final_status,
        aftercare_started_on: aftercare,
        own_payment: own_payment.clone(),
    });
    let mut steps = Steps { file, ids, stay_id, actor: life.counsellor };
    steps.add("recommended", recommended, None, rng);
    if let Some(on) = decided {
        steps.add(if approved { "approve" } else { "refuse" }, on, None, rng);
    }
    if let Some(o) = own_payment.as_ref().and_then(|o| o.told_on.map(|on| (on, o.per_month))) {
        steps.add("own_payment", o.0, Some(o.1.0.to_string()), rng);
    }
    for (kind, on) in [
        ("start", started),
        ("midway_status", midway),
        ("end", ended),
        ("interruption_reported", reported),
        ("final_status", final_status),
        ("aftercare_started", aftercare),
    ] {
        if let Some(on) = on {
            steps.add(kind, on, None, rng);
        }
    }
}
