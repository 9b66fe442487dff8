//! The map of districts and labs over HTTP: open data, privacy of labs
//! shown by area, role checks, placement from the point, districts, zones.

use crate::common::{spawn_app, spawn_sibling, TestApp, PASSWORD};
use serde_json::{json, Value};
use shared::people::Role;

const CREMA: (f64, f64) = (9.6886, 45.3640);
const CREMONA: (f64, f64) = (10.0227, 45.1335);
/// Not a round number, so finding it in a JSON text means it leaked.
const CASALMAGGIORE_HOME: (f64, f64) = (10.41663, 44.98771);

fn lab(name: &str, (lon, lat): (f64, f64), precision: &str) -> Value {
    json!({
        "name": name, "theme": "housing", "status": "active", "lon": lon, "lat": lat,
        "address": "Via dei Mille 7", "precision": precision, "starts_on": "2026-01-10",
        "contact": "lab@example.org", "schedule": "ogni lunedì"
    })
}

async fn sign_in(app: &TestApp, email: &str) {
    let r = app.post_json("/api/v1/auth/sign-in", json!({"email": email, "password": PASSWORD})).await;
    assert_eq!(r.status(), 200);
}

async fn staff(app: &TestApp) {
    app.sign_in_with_role("staff@example.org", Role::Staff).await;
}

async fn create(app: &TestApp, body: Value) -> Value {
    let r = app.post_json("/api/v1/labs", body).await;
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

async fn text(app: &TestApp, path: &str) -> String {
    let r = app.get(path).await;
    assert_eq!(r.status(), 200, "{path}");
    r.text().await.unwrap()
}

async fn geojson_ids(app: &TestApp, query: &str) -> Vec<i64> {
    let r = app.get(&format!("/api/v1/labs.geojson?{query}")).await;
    assert_eq!(r.status(), 200, "{query}");
    assert_eq!(r.headers()["content-type"], "application/geo+json");
    let fc: Value = r.json().await.unwrap();
    assert_eq!(fc["type"], "FeatureCollection");
    fc["features"].as_array().unwrap().iter().map(|f| f["properties"]["id"].as_i64().unwrap()).collect()
}

/// A square zone of `half` degrees around a centre, as an upload.
fn square_zone(name: &str, (lon, lat): (f64, f64), half: f64) -> Value {
    let ring = json!([
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half]
    ]);
    json!({"type": "Feature", "properties": {"nome": name}, "geometry": {"type": "Polygon", "coordinates": [ring]}})
}

#[tokio::test]
async fn labs_bbox_returns_exactly_the_labs_inside() {
    let app = spawn_app().await;
    staff(&app).await;
    let crema = create(&app, lab("Crema", CREMA, "exact")).await["lab"]["id"].as_i64().unwrap();
    let cremona = create(&app, lab("Cremona", CREMONA, "exact")).await["lab"]["id"].as_i64().unwrap();
    let mut other = lab("Casalmaggiore", (10.4166, 44.9877), "exact");
    other["theme"] = json!("other");
    let casal = create(&app, other).await["lab"]["id"].as_i64().unwrap();

    assert_eq!(geojson_ids(&app, "").await, [crema, cremona, casal], "no box: every lab");
    assert_eq!(geojson_ids(&app, "bbox=9.6,45.3,9.8,45.4").await, [crema]);
    assert_eq!(geojson_ids(&app, "bbox=9.9%2C44.9%2C10.5%2C45.2").await, [cremona, casal], "encoded commas");
    assert_eq!(geojson_ids(&app, "bbox=9.6886,45.3640,9.6886,45.3640").await, [crema], "edges are inside");
    assert!(geojson_ids(&app, "bbox=9.68861,45.3,9.8,45.4").await.is_empty(), "just east of it");
    assert_eq!(geojson_ids(&app, "bbox=9.4,44.9,10.6,45.5&theme=other").await, [casal]);
    assert_eq!(geojson_ids(&app, "municipality=019036").await, [cremona]);
    assert!(geojson_ids(&app, "to=2025-12-31").await.is_empty(), "not started yet");
    assert!(geojson_ids(&app, "status=closed").await.is_empty());

    let fc: Value = app.get("/api/v1/labs.geojson?bbox=9.6,45.3,9.8,45.4").await.json().await.unwrap();
    let f = &fc["features"][0];
    assert_eq!(f["geometry"], json!({"type": "Point", "coordinates": [CREMA.0, CREMA.1]}));
    assert_eq!(f["properties"]["municipality"], "019035");
    assert_eq!(f["properties"]["municipality_name"], "Crema");
    assert_eq!(f["properties"]["address"], "Via dei Mille 7", "exact labs show their address");

    let r = app.get("/api/v1/labs.geojson?bbox=10,45,9,46").await;
    assert_eq!(r.status(), 422, "west of east");
}

#[tokio::test]
async fn labs_area_only_never_leak_their_point() {
    let app = spawn_app().await;
    staff(&app).await;
    let created = create(&app, lab("A casa di Maria", CASALMAGGIORE_HOME, "area")).await;
    let id = created["lab"]["id"].as_i64().unwrap();
    let (lon, lat) = (CASALMAGGIORE_HOME.0.to_string(), CASALMAGGIORE_HOME.1.to_string());
    let public_point = created["lab"]["point"].clone();
    assert_ne!(public_point, json!({"lon": CASALMAGGIORE_HOME.0, "lat": CASALMAGGIORE_HOME.1}));
    assert_eq!(created["lab"]["address"], Value::Null);

    let guest = spawn_sibling(&app).await;
    for path in [
        "/api/v1/labs.geojson".to_owned(),
        format!("/api/v1/labs/{id}"),
        "/api/v1/labs.geojson?municipality=019021".to_owned(),
        "/api/v1/municipalities/stats".to_owned(),
    ] {
        let body = text(&guest, &path).await;
        assert!(!body.contains(&lon) && !body.contains(&lat), "{path} leaks the point: {body}");
        assert!(!body.contains("Via dei Mille"), "{path} leaks the address");
    }
    assert_eq!(guest.get(&format!("/api/v1/labs/{id}/form")).await.status(), 401);
    let form: Value = app.get(&format!("/api/v1/labs/{id}/form")).await.json().await.unwrap();
    assert_eq!((form["lon"].as_f64(), form["lat"].as_f64()), (Some(CASALMAGGIORE_HOME.0), Some(CASALMAGGIORE_HOME.1)));
    assert_eq!(form["address"], "Via dei Mille 7", "staff see where it meets");

    // Searching with a tiny box around the hidden point finds nothing; the
    // lab is where the public point is.
    let (x, y) = CASALMAGGIORE_HOME;
    assert!(geojson_ids(&guest, &format!("bbox={},{},{},{}", x - 1e-4, y - 1e-4, x + 1e-4, y + 1e-4)).await.is_empty());
    let (px, py) = (public_point["lon"].as_f64().unwrap(), public_point["lat"].as_f64().unwrap());
    assert_eq!(geojson_ids(&guest, &format!("bbox={px},{py},{px},{py}")).await, [id]);

    // A zone imported around the home: the public point becomes its centre.
    app.sign_in_as_admin().await;
    let r = app
        .post_json(
            "/api/v1/zones",
            json!({"type": "FeatureCollection", "features": [square_zone("Centro", (10.4160, 44.9880), 0.004)]}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let detail: Value = guest.get(&format!("/api/v1/labs/{id}")).await.json().await.unwrap();
    assert_eq!(detail["zone"], "Centro");
    let zoned = &detail["lab"]["point"];
    assert!((zoned["lon"].as_f64().unwrap() - 10.4160).abs() < 1e-9, "{zoned}");
    assert!(!detail.to_string().contains(&lon) && !detail.to_string().contains(&lat));
}

#[tokio::test]
async fn labs_create_is_401_for_guests_and_403_for_residents() {
    let app = spawn_app().await;
    let r = app.post_json("/api/v1/labs", lab("x", CREMA, "exact")).await;
    assert_eq!(r.status(), 401);
    app.register("residente@example.org").await;
    let r = app.post_json("/api/v1/labs", lab("x", CREMA, "exact")).await;
    assert_eq!(r.status(), 403);
    let r = app.post_json("/api/v1/districts", json!({"name": "X", "municipalities": []})).await;
    assert_eq!(r.status(), 403);
    assert_eq!(app.get("/api/v1/labs/1/meetings").await.status(), 403);
    assert!(geojson_ids(&app, "").await.is_empty(), "nothing was written");
}

#[tokio::test]
async fn labs_point_outside_the_province_is_422_with_a_message() {
    let app = spawn_app().await;
    staff(&app).await;
    let milan = lab("Milano", (9.19, 45.46), "exact");
    let r = app.client.post(app.url("/api/v1/labs")).header("accept-language", "en").json(&milan).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], "validation");
    assert_eq!(body["fields"]["point"], "Il punto è fuori dalla provincia di Cremona.", "session language: Italian");

    let mut bad = lab("", (200.0, 45.0), "somewhere");
    bad["theme"] = json!("not-a-theme");
    let body: Value = app.post_json("/api/v1/labs", bad).await.json().await.unwrap();
    let fields = body["fields"].as_object().unwrap();
    assert!(fields.contains_key("name") && fields.contains_key("point") && fields.contains_key("precision"), "{body}");
}

#[tokio::test]
async fn labs_moving_to_another_municipality_changes_it() {
    let app = spawn_app().await;
    staff(&app).await;
    let id = create(&app, lab("Itinerante", CREMA, "exact")).await["lab"]["id"].as_i64().unwrap();
    let r = app
        .client
        .put(app.url(&format!("/api/v1/labs/{id}/point")))
        .json(&json!({"lon": CREMONA.0, "lat": CREMONA.1}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let moved: Value = r.json().await.unwrap();
    assert_eq!(moved["lab"]["municipality"], "019036");
    assert_eq!(moved["lab"]["municipality_name"], "Cremona");
    assert_eq!(geojson_ids(&app, "municipality=019036").await, [id]);
    assert!(geojson_ids(&app, "municipality=019035").await.is_empty());

    let r = app
        .client
        .put(app.url(&format!("/api/v1/labs/{id}/point")))
        .json(&json!({"lon": 9.19, "lat": 45.46}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "not out of the province");
    let r = app
        .client
        .put(app.url("/api/v1/labs/9999/point"))
        .json(&json!({"lon": CREMA.0, "lat": CREMA.1}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    // A full update moves it too, and keeps the history.
    let mut edited = lab("Itinerante", CREMA, "area");
    edited["status"] = json!("paused");
    let r = app.client.put(app.url(&format!("/api/v1/labs/{id}"))).json(&edited).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let detail: Value = r.json().await.unwrap();
    assert_eq!(
        (detail["lab"]["municipality"].as_str(), detail["lab"]["status"].as_str()),
        (Some("019035"), Some("paused"))
    );
    let form: Value = app.get(&format!("/api/v1/labs/{id}/form")).await.json().await.unwrap();
    assert_eq!((form["precision"].as_str(), form["status"].as_str()), (Some("area"), Some("paused")));
    let r = app.client.put(app.url(&format!("/api/v1/labs/{id}"))).json(&form).send().await.unwrap();
    assert_eq!(r.status(), 200, "the form saves back as it is");
    use sqlx::Row;
    let actions: Vec<String> = sqlx::query("SELECT action FROM lab_history WHERE lab_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("action"))
        .collect();
    assert_eq!(actions, ["created", "moved", "updated", "updated"]);
}

#[tokio::test]
async fn labs_meeting_notes_are_not_in_public_json() {
    let app = spawn_app().await;
    staff(&app).await;
    let id = create(&app, lab("Compiti", CREMA, "exact")).await["lab"]["id"].as_i64().unwrap();
    let held = json!({"starts_at": "2025-11-04T17:00", "topic": "Frazioni", "attendance_total": 12,
                      "attendance_first_time": 3, "organisations": 2, "notes": "Riservato: famiglia R. in difficoltà"});
    let r = app.post_json(&format!("/api/v1/labs/{id}/meetings"), held).await;
    assert_eq!(r.status(), 201);
    let next_year = chrono::Utc::now().format("%Y").to_string().parse::<i32>().unwrap() + 1;
    let planned = json!({"starts_at": format!("{next_year}-03-03T17:00"), "topic": "Tabelline", "notes": "Riservato anche questo"});
    assert_eq!(app.post_json(&format!("/api/v1/labs/{id}/meetings"), planned).await.status(), 201);
    let bad = json!({"starts_at": "domani", "attendance_total": 2, "attendance_first_time": 5});
    assert_eq!(app.post_json(&format!("/api/v1/labs/{id}/meetings"), bad).await.status(), 422);

    let staff_view: Value = app.get(&format!("/api/v1/labs/{id}/meetings")).await.json().await.unwrap();
    assert_eq!(staff_view.as_array().unwrap().len(), 2);
    assert_eq!(staff_view[1]["notes"], "Riservato: famiglia R. in difficoltà");
    assert_eq!(staff_view[1]["attendance_total"], 12);

    let guest = spawn_sibling(&app).await;
    assert_eq!(guest.get(&format!("/api/v1/labs/{id}/meetings")).await.status(), 401);
    for path in [format!("/api/v1/labs/{id}"), "/api/v1/labs.geojson".to_owned()] {
        let body = text(&guest, &path).await;
        assert!(!body.contains("Riservato") && !body.contains("notes"), "{path}: {body}");
    }
    let detail: Value = guest.get(&format!("/api/v1/labs/{id}")).await.json().await.unwrap();
    assert_eq!(detail["attendance"], json!({"meetings": 1, "participants": 12, "first_time": 3, "organisations": 2}));
    assert_eq!(detail["upcoming"].as_array().unwrap().len(), 1);
    assert_eq!(detail["upcoming"][0]["topic"], "Tabelline");
    assert_eq!(detail["lab"]["next_meeting"]["topic"], "Tabelline");
    assert_eq!(
        guest
            .post_json(&format!("/api/v1/labs/{id}/meetings"), json!({"starts_at": "2026-01-01T10:00"}))
            .await
            .status(),
        401
    );
}

async fn district_of(app: &TestApp, istat: &str) -> Value {
    let fc: Value = app.get("/api/v1/municipalities.geojson").await.json().await.unwrap();
    let features = fc["features"].as_array().unwrap();
    assert_eq!(features.len(), 113);
    let f = features.iter().find(|f| f["properties"]["istat_code"] == istat).unwrap();
    assert!(matches!(f["geometry"]["type"].as_str(), Some("Polygon" | "MultiPolygon")));
    f["properties"]["district"].clone()
}

#[tokio::test]
async fn labs_districts_admin_creates_them_and_moves_municipalities() {
    let app = spawn_app().await;
    app.sign_in_as_admin().await;
    let r = app.get("/api/v1/municipalities.geojson").await;
    assert_eq!(r.headers()["content-type"], "application/geo+json");
    let r = app
        .post_json("/api/v1/districts", json!({"name": "Alto Cremasco", "municipalities": ["019035", "019001"]}))
        .await;
    assert_eq!(r.status(), 201);
    let a: Value = r.json().await.unwrap();
    assert_eq!(a["municipalities"], json!(["019001", "019035"]));
    assert_eq!(district_of(&app, "019001").await, "Alto Cremasco");

    let r = app
        .post_json(
            "/api/v1/districts",
            json!({"name": "Basso Cremasco", "description": "Sud", "municipalities": ["019001"]}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let b: Value = r.json().await.unwrap();
    assert_eq!(district_of(&app, "019001").await, "Basso Cremasco", "moved, not in both");
    let districts: Value = app.get("/api/v1/districts").await.json().await.unwrap();
    let find = |id: &Value| districts.as_array().unwrap().iter().find(|d| d["id"] == *id).unwrap().clone();
    assert_eq!(find(&a["id"])["municipalities"], json!(["019035"]));
    assert_eq!(find(&b["id"])["municipalities"], json!(["019001"]));
    assert_eq!(find(&b["id"])["description"], "Sud");

    // Editing sets the exact membership.
    let url = app.url(&format!("/api/v1/districts/{}", a["id"]));
    let r = app
        .client
        .put(&url)
        .json(&json!({"name": "Cremasco", "municipalities": ["019001", "019036"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(district_of(&app, "019035").await, Value::Null);
    assert_eq!(district_of(&app, "019001").await, "Cremasco");

    // The district filter of the map follows the membership.
    app.sign_in_with_role("staff@example.org", Role::Staff).await;
    let id = create(&app, lab("Cremona", CREMONA, "exact")).await["lab"]["id"].as_i64().unwrap();
    assert_eq!(geojson_ids(&app, &format!("district={}", a["id"])).await, [id]);
    assert!(geojson_ids(&app, &format!("district={}", b["id"])).await.is_empty());

    sign_in(&app, "admin@example.org").await;
    let r = app.post_json("/api/v1/districts", json!({"name": "Cremasco", "municipalities": []})).await;
    assert_eq!(r.status(), 422, "names are unique");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["fields"]["name"], "Questo nome è già usato.");
    let r = app.post_json("/api/v1/districts", json!({"name": "Milanese", "municipalities": ["015146"]})).await;
    assert_eq!(r.status(), 422, "not a municipality of the province");
    let r = app.client.put(app.url("/api/v1/districts/9999")).json(&json!({"name": "Nessuno"})).send().await.unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn labs_zones_are_validated_and_shared_between_processes() {
    let app = spawn_app().await;
    app.sign_in_as_admin().await;
    let milan = json!({"type": "FeatureCollection", "features": [square_zone("Duomo", (9.19, 45.46), 0.01)]});
    let r = app.post_json("/api/v1/zones", milan).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["message"], "La forma esce dai confini della provincia di Cremona.");
    assert!(body["fields"]["features[0].geometry"].is_string(), "{body}");
    let points = json!({"type": "FeatureCollection", "features": [
        square_zone("Buona", CREMA, 0.002),
        {"type": "Feature", "properties": {"name": "Punto"}, "geometry": {"type": "Point", "coordinates": [9.68, 45.36]}}]});
    let r = app.post_json("/api/v1/zones", points).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert!(body["fields"].get("features[1].geometry").is_some(), "{body}");
    assert!(text(&app, "/api/v1/zones.geojson").await.contains("\"features\":[]"), "all or nothing");

    let file = json!({"type": "FeatureCollection", "features": [square_zone("San Bernardino", CREMA, 0.002)]});
    let r = app.post_json("/api/v1/zones", file.clone()).await;
    assert_eq!(r.status(), 201);
    let saved: Value = r.json().await.unwrap();
    assert_eq!(saved[0]["istat_code"], "019035", "placed from its shape");
    let again: Value = app.post_json("/api/v1/zones", file).await.json().await.unwrap();
    assert_eq!(again[0]["id"], saved[0]["id"], "same name, same zone");

    // Another server process places a new lab in the zone at once.
    let sibling = spawn_sibling(&app).await;
    sibling.sign_in_with_role("staff@example.org", Role::Staff).await;
    let created = create(&sibling, lab("Nel quartiere", (CREMA.0 + 0.0005, CREMA.1), "exact")).await;
    assert_eq!(created["zone"], "San Bernardino");
    let zones: Value = sibling.get("/api/v1/zones.geojson?municipality=019035").await.json().await.unwrap();
    assert_eq!(zones["features"][0]["properties"]["name"], "San Bernardino");

    assert_eq!(
        sibling.client.delete(sibling.url(&format!("/api/v1/zones/{}", saved[0]["id"]))).send().await.unwrap().status(),
        403
    );
    assert_eq!(
        app.client.delete(app.url(&format!("/api/v1/zones/{}", saved[0]["id"]))).send().await.unwrap().status(),
        204
    );
    let id = created["lab"]["id"].as_i64().unwrap();
    let detail: Value = app.get(&format!("/api/v1/labs/{id}")).await.json().await.unwrap();
    assert_eq!(detail["zone"], Value::Null);
}

#[tokio::test]
async fn labs_themes_are_seeded_and_admins_edit_them() {
    let app = spawn_app().await;
    let themes: Vec<shared::labs::Theme> = app.get("/api/v1/themes").await.json().await.unwrap();
    assert_eq!(themes, shared::labs::Theme::defaults());
    staff(&app).await;
    let r = app
        .client
        .put(app.url("/api/v1/themes/orti"))
        .json(&json!({"label_it": "Orti", "label_en": "Gardens"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let mut garden = lab("Orto", CREMA, "exact");
    garden["theme"] = json!("orti");
    let body: Value = app.post_json("/api/v1/labs", garden.clone()).await.json().await.unwrap();
    assert_eq!(body["fields"]["theme"], "Scegli uno dei valori proposti.", "unknown theme");
    app.sign_in_as_admin().await;
    let r = app
        .client
        .put(app.url("/api/v1/themes/orti"))
        .json(&json!({"label_it": "Orti", "label_en": "Gardens"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let themes: Value = app.get("/api/v1/themes").await.json().await.unwrap();
    assert_eq!(themes.as_array().unwrap().last().unwrap()["key"], "orti");
    assert_eq!(app.post_json("/api/v1/labs", garden).await.status(), 201, "admins are staff too");
}

#[tokio::test]
async fn labs_municipality_stats_count_labs_meetings_and_participants() {
    let app = spawn_app().await;
    staff(&app).await;
    let id = create(&app, lab("Crema", CREMA, "exact")).await["lab"]["id"].as_i64().unwrap();
    create(&app, lab("Crema 2", (9.69, 45.365), "area")).await;
    for (at, n) in [("2026-01-15T17:00", 10), ("2026-02-15T17:00", 7)] {
        let m = json!({"starts_at": at, "attendance_total": n});
        assert_eq!(app.post_json(&format!("/api/v1/labs/{id}/meetings"), m).await.status(), 201);
    }
    let stats: Value =
        app.get("/api/v1/municipalities/stats?from=2026-01-01&to=2026-01-31").await.json().await.unwrap();
    let rows = stats.as_array().unwrap();
    assert_eq!(rows.len(), 113);
    let crema = rows.iter().find(|r| r["istat_code"] == "019035").unwrap();
    assert_eq!(
        (crema["labs"].as_i64(), crema["meetings"].as_i64(), crema["participants"].as_i64()),
        (Some(2), Some(1), Some(10))
    );
    let all: Value = app.get("/api/v1/municipalities/stats").await.json().await.unwrap();
    let crema = all.as_array().unwrap().iter().find(|r| r["istat_code"] == "019035").unwrap().clone();
    assert_eq!(crema["participants"], 17);
    let before: Value =
        app.get("/api/v1/municipalities/stats?from=2020-01-01&to=2020-12-31").await.json().await.unwrap();
    assert!(before.as_array().unwrap().iter().all(|r| r["labs"] == 0 && r["meetings"] == 0));
    assert_eq!(app.get("/api/v1/municipalities/stats?from=2026-01-01").await.status(), 422);
    assert_eq!(app.get("/api/v1/municipalities/stats?from=2026-02-01&to=2026-01-01").await.status(), 422);
}

#[tokio::test]
async fn labs_seeded_in_bulk_are_found_by_bbox_exactly() {
    let app = spawn_app().await;
    server::labs::seed::random_labs(&app.db, 1_200).await.unwrap();
    let all = geojson_ids(&app, "").await;
    assert_eq!(all.len(), 1_200);
    use sqlx::Row;
    let (w, s, e, n) = (9.70, 45.10, 10.05, 45.30);
    let expected: Vec<i64> = sqlx::query("SELECT id, public_lon, public_lat FROM labs ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .filter(|r| {
            let (x, y): (f64, f64) = (r.get("public_lon"), r.get("public_lat"));
            (w..=e).contains(&x) && (s..=n).contains(&y)
        })
        .map(|r| r.get("id"))
        .collect();
    assert!(expected.len() > 50 && expected.len() < 1_000, "{}", expected.len());
    assert_eq!(geojson_ids(&app, &format!("bbox={w},{s},{e},{n}")).await, expected);

    // Demo labs: three, once, one of them area-only with its meetings.
    assert_eq!(server::labs::seed::demo_labs(&app.db).await.unwrap(), 3);
    assert_eq!(server::labs::seed::demo_labs(&app.db).await.unwrap(), 0);
    let casal = geojson_ids(&app, "municipality=019021").await;
    assert!(!casal.is_empty());
}

#[tokio::test]
async fn labs_endpoints_are_in_the_openapi_document() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    for path in [
        "/api/v1/municipalities.geojson",
        "/api/v1/districts",
        "/api/v1/labs.geojson",
        "/api/v1/labs/{id}",
        "/api/v1/municipalities/stats",
        "/api/v1/labs/{id}/meetings",
        "/api/v1/zones",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path}");
    }
    let params = doc["paths"]["/api/v1/labs.geojson"]["get"]["parameters"].to_string();
    assert!(params.contains("bbox") && params.contains("theme") && params.contains("district"), "{params}");
}

#[tokio::test]
async fn a_zoomed_out_map_gets_crowded_labs_as_groups() {
    let app = spawn_app().await;
    staff(&app).await;
    let near_crema = (CREMA.0 + 0.001, CREMA.1 + 0.001);
    let a = create(&app, lab("Crema uno", CREMA, "exact")).await["lab"]["id"].as_i64().unwrap();
    let b = create(&app, lab("Crema due", near_crema, "exact")).await["lab"]["id"].as_i64().unwrap();
    let c = create(&app, lab("Cremona", CREMONA, "exact")).await["lab"]["id"].as_i64().unwrap();

    // Province scale: the two Crema labs are one group, Cremona stands alone.
    let fc: Value = app.get("/api/v1/labs.geojson?zoom=9").await.json().await.unwrap();
    let features = fc["features"].as_array().unwrap();
    assert_eq!(features.len(), 2, "{fc}");
    let group = features.iter().find(|f| f["properties"]["group"] == true).expect("a group");
    assert_eq!(group["properties"]["count"], 2);
    let bbox = group["properties"]["bbox"].as_array().unwrap();
    assert!(
        (bbox[0].as_f64().unwrap() - CREMA.0).abs() < 1e-9 && (bbox[3].as_f64().unwrap() - near_crema.1).abs() < 1e-9
    );
    let alone = features.iter().find(|f| f["properties"]["group"].is_null()).unwrap();
    assert_eq!(alone["properties"]["id"].as_i64(), Some(c));

    // Close in, or without a zoom, every lab is its own feature.
    let mut ids = geojson_ids(&app, "zoom=17").await;
    ids.sort();
    assert_eq!(ids, vec![a, b, c]);
    assert_eq!(geojson_ids(&app, "").await.len(), 3);
}

/// Every lab's public point and theme, by id, read from the table.
async fn stored_points(app: &TestApp) -> Vec<(i64, shared::geo::Point, String)> {
    use sqlx::Row;
    sqlx::query("SELECT id, public_lon, public_lat, theme_key FROM labs ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| {
            let point = shared::geo::Point { lon: r.get("public_lon"), lat: r.get("public_lat") };
            (r.get("id"), point, r.get("theme_key"))
        })
        .collect()
}

#[tokio::test]
async fn labs_grouped_by_the_database_match_the_reference_grouping() {
    use shared::geo::{grid_groups, BBox};
    let app = spawn_app().await;
    server::labs::seed::random_labs(&app.db, 1_500).await.unwrap();
    let stored = stored_points(&app).await;
    let around_cremona = BBox { min_lon: 9.85, min_lat: 45.05, max_lon: 10.15, max_lat: 45.25 };
    for zoom in [7, 9, 11, 13, 14] {
        for (bbox, theme) in [(None, None), (Some(around_cremona), None), (Some(around_cremona), Some("housing"))] {
            let inside: Vec<&(i64, shared::geo::Point, String)> = stored
                .iter()
                .filter(|(_, p, t)| bbox.is_none_or(|b| b.contains(*p)) && theme.is_none_or(|th| th == t))
                .collect();
            let points: Vec<_> = inside.iter().map(|(_, p, _)| *p).collect();
            let expected = grid_groups(&points, zoom, shared::labs::GROUP_CELL_PX);
            let mut query = format!("zoom={zoom}");
            if let Some(b) = bbox {
                query.push_str(&format!("&bbox={}", b.to_query()));
            }
            if let Some(th) = theme {
                query.push_str(&format!("&theme={th}"));
            }
            let fc: Value = app.get(&format!("/api/v1/labs.geojson?{query}")).await.json().await.unwrap();
            let features = fc["features"].as_array().unwrap();
            assert_eq!(features.len(), expected.len(), "{query}");
            for (feature, members) in features.iter().zip(&expected) {
                let props = &feature["properties"];
                if let [one] = members.as_slice() {
                    assert_eq!(props["id"].as_i64(), Some(inside[*one].0), "{query}");
                    assert!(props["group"].is_null());
                    continue;
                }
                assert_eq!(props["count"].as_u64(), Some(members.len() as u64), "{query}");
                let lons: Vec<f64> = members.iter().map(|&i| points[i].lon).collect();
                let lats: Vec<f64> = members.iter().map(|&i| points[i].lat).collect();
                let min = |xs: &[f64]| xs.iter().copied().fold(f64::INFINITY, f64::min);
                let max = |xs: &[f64]| xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let bbox: Vec<f64> = props["bbox"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
                // serde_json reads floats to within one unit in the last place.
                let want = [min(&lons), min(&lats), max(&lons), max(&lats)];
                assert!(
                    bbox.iter().zip(want).all(|(got, want)| (got - want).abs() < 1e-12),
                    "{query}: {bbox:?} {want:?}"
                );
                let mean = |xs: &[f64]| xs.iter().sum::<f64>() / xs.len() as f64;
                let at = &feature["geometry"]["coordinates"];
                assert!((at[0].as_f64().unwrap() - mean(&lons)).abs() < 1e-9, "{query}");
                assert!((at[1].as_f64().unwrap() - mean(&lats)).abs() < 1e-9, "{query}");
            }
        }
    }
}

#[tokio::test]
async fn labs_written_before_the_pixels_existed_get_them_at_start_up() {
    use sqlx::Row;
    let app = spawn_app().await;
    server::labs::seed::random_labs(&app.db, 40).await.unwrap();
    sqlx::query("UPDATE labs SET public_x = NULL, public_y = NULL WHERE id % 2 = 0")
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(server::labs::cells::fill_missing_pixels(&app.db).await.unwrap(), 20);
    assert_eq!(server::labs::cells::fill_missing_pixels(&app.db).await.unwrap(), 0);
    let rows = sqlx::query("SELECT public_lon, public_lat, public_x, public_y FROM labs")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    for r in rows {
        let point = shared::geo::Point { lon: r.get("public_lon"), lat: r.get("public_lat") };
        let stored: (i64, i64) = (r.get("public_x"), r.get("public_y"));
        assert_eq!(stored, shared::geo::world_px(point));
    }
}

#[tokio::test]
async fn labs_list_counts_every_match_and_pages_by_municipality_and_name() {
    let app = spawn_app().await;
    server::labs::seed::random_labs(&app.db, 300).await.unwrap();
    let filter = shared::labs::LabFilter::from_query("theme=housing");
    let (total, first) = server::labs::store::public_list(&app.db, &filter, 0, 25).await.unwrap();
    let mut every = server::labs::store::public_labs(&app.db, None, &filter).await.unwrap();
    assert_eq!(total, every.len());
    assert!(total > 25 && first.len() == 25, "{total}");
    assert!(first.iter().all(|l| l.theme.as_ref() == "housing"));
    every.sort_by(|a, b| (&a.municipality_name, &a.name, a.id).cmp(&(&b.municipality_name, &b.name, b.id)));
    let ids = |labs: &[shared::labs::LabPublic]| labs.iter().map(|l| l.id).collect::<Vec<_>>();
    assert_eq!(ids(&first), ids(&every[..25]));
    // The next page starts where this one ends.
    let (_, second) = server::labs::store::public_list(&app.db, &filter, 25, 25).await.unwrap();
    assert_eq!(ids(&second), ids(&every[25..(50.min(total))]));
}

/// The number of labs a grouped answer holds (groups count their members).
async fn grouped_total(app: &TestApp, query: &str) -> u64 {
    let fc: Value = app.get(&format!("/api/v1/labs.geojson?{query}")).await.json().await.unwrap();
    fc["features"].as_array().unwrap().iter().map(|f| f["properties"]["count"].as_u64().unwrap_or(1)).sum()
}

#[tokio::test]
async fn the_whole_province_view_is_cached_until_any_process_changes_a_lab() {
    let app = spawn_app().await;
    server::labs::seed::random_labs(&app.db, 200).await.unwrap();
    // A box around the whole province, wider than it: the map's first view.
    let whole = "bbox=8.3,44.6,11.8,45.8&zoom=9";
    assert_eq!(grouped_total(&app, whole).await, 200);
    assert_eq!(grouped_total(&app, "zoom=9").await, 200);
    assert_eq!(grouped_total(&app, &format!("{whole}&theme=housing")).await as usize, {
        let filter = shared::labs::LabFilter::from_query("theme=housing");
        server::labs::store::public_labs(&app.db, None, &filter).await.unwrap().len()
    });

    // Another process adds a lab and moves one: this one's next answer has them.
    let sibling = spawn_sibling(&app).await;
    sibling.sign_in_with_role("staff@example.org", Role::Staff).await;
    let id = create(&sibling, lab("Nuovo a Cremona", CREMONA, "exact")).await["lab"]["id"].as_i64().unwrap();
    assert_eq!(grouped_total(&app, whole).await, 201);
    let near_crema = format!("bbox={},{},{},{}&zoom=9", CREMA.0 - 0.01, CREMA.1 - 0.01, CREMA.0 + 0.01, CREMA.1 + 0.01);
    let before = grouped_total(&app, &near_crema).await;
    let r = sibling
        .client
        .put(sibling.url(&format!("/api/v1/labs/{id}/point")))
        .json(&json!({"lon": CREMA.0, "lat": CREMA.1}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(grouped_total(&app, &near_crema).await, before + 1);
    assert_eq!(grouped_total(&app, whole).await, 201);

    // A district's membership changes what a district filter holds.
    app.sign_in_as_admin().await;
    let r = app.post_json("/api/v1/districts", json!({"name": "Solo Crema", "municipalities": ["019035"]})).await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let district: Value = app.get("/api/v1/districts").await.json().await.unwrap();
    let d = district.as_array().unwrap().iter().find(|d| d["name"] == "Solo Crema").unwrap()["id"].as_i64().unwrap();
    let in_crema =
        server::labs::store::public_labs(&app.db, None, &shared::labs::LabFilter::from_query("municipality=019035"))
            .await
            .unwrap()
            .len();
    assert_eq!(grouped_total(&app, &format!("{whole}&district={d}")).await as usize, in_crema);
    let r = app
        .client
        .put(app.url(&format!("/api/v1/districts/{d}")))
        .json(&json!({"name": "Solo Crema", "municipalities": ["019035", "019036"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let in_both = in_crema
        + server::labs::store::public_labs(&app.db, None, &shared::labs::LabFilter::from_query("municipality=019036"))
            .await
            .unwrap()
            .len();
    assert_eq!(grouped_total(&app, &format!("{whole}&district={d}")).await as usize, in_both);
}
