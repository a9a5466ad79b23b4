use std::net::IpAddr;

use super::*;

#[test]
fn signs_as_the_specification_example() {
    // The example of the Standard Webhooks specification and its reference libraries.
    let secret = WebhookSecret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("a valid secret");
    assert_eq!(
        secret.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, r#"{"test": 2432232314}"#),
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    );
}

#[test]
fn a_rotated_secret_signs_beside_the_new_one() {
    let new = WebhookSecret::from_random([1; 24]);
    let old = WebhookSecret::from_random([2; 24]);
    let header = signature_header(&new, Some(&old), "msg_1", 10, "{}");
    let parts: Vec<&str> = header.split(' ').collect();
    assert_eq!(parts, [new.sign("msg_1", 10, "{}"), old.sign("msg_1", 10, "{}")]);
    assert_eq!(signature_header(&new, None, "msg_1", 10, "{}"), new.sign("msg_1", 10, "{}"));
    assert!(new.expose().starts_with("whsec_"));
    assert_eq!(WebhookSecret::parse(new.expose()), Ok(new.clone()));
    assert!(!format!("{new:?}").contains(new.expose()), "a secret never reaches a log");
    assert_eq!(WebhookSecret::parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), Err(Invalid::Malformed));
}

#[test]
fn endpoint_urls_are_refused_unless_public_https_in_production() {
    type Case = (&'static str, Result<(&'static str, u16), Invalid>);
    let cases: &[Case] = &[
        ("https://hooks.example.com/ideaforge", Ok(("hooks.example.com", 443))),
        ("https://HOOKS.example.com:8443/x?y=1", Ok(("hooks.example.com", 8443))),
        ("https://[2606:4700::1111]/x", Ok(("2606:4700::1111", 443))),
        ("https://1.1.1.1/x", Ok(("1.1.1.1", 443))),
        ("http://hooks.example.com/x", Err(Invalid::NotPublic)),
        ("https://127.0.0.1/x", Err(Invalid::NotPublic)),
        ("https://10.1.2.3/x", Err(Invalid::NotPublic)),
        ("https://169.254.169.254/latest/meta-data", Err(Invalid::NotPublic)),
        ("https://[::1]/x", Err(Invalid::NotPublic)),
        ("https://[::ffff:192.168.0.1]/x", Err(Invalid::NotPublic)),
        ("https://[fd00::1]/x", Err(Invalid::NotPublic)),
        ("https://user:pw@hooks.example.com/x", Err(Invalid::Malformed)),
        ("https://hooks.example.com/x#frag", Err(Invalid::Malformed)),
        ("ftp://hooks.example.com/x", Err(Invalid::Malformed)),
        ("https://", Err(Invalid::Malformed)),
        ("https://hooks.example.com:0/", Err(Invalid::Malformed)),
        ("https://hooks.example.com:99999/", Err(Invalid::Malformed)),
        ("https://hooks example.com/", Err(Invalid::Malformed)),
        ("https://hooks.example.com/caf\u{e9}", Err(Invalid::Malformed)),
        ("https://hooks.example.com/\"x\"", Err(Invalid::Malformed)),
        ("https://hooks.example.com/caf%C3%A9?a=1&b=2", Ok(("hooks.example.com", 443))),
        ("https://[::1/x", Err(Invalid::Malformed)),
        ("", Err(Invalid::Required)),
    ];
    for (raw, expected) in cases {
        let parsed = EndpointUrl::parse(raw, Reach::Public);
        let got = parsed.as_ref().map(|u| (u.host(), u.port())).map_err(|e| *e);
        assert_eq!(got, *expected, "{raw}");
    }
    // Reaching locally (development and tests), plain http and loopback are allowed.
    let local = EndpointUrl::parse("http://127.0.0.1:8080/hook", Reach::Local).expect("local endpoint");
    assert_eq!((local.host(), local.port(), local.https()), ("127.0.0.1", 8080, false));
}

#[test]
fn only_public_addresses_may_be_reached() {
    let public = ["1.1.1.1", "8.8.8.8", "2606:4700::1111", "2a00:1450:4001::1", "2002:808:808::1", "64:ff9b::808:808"];
    let private = [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "255.255.255.255",
        "224.0.0.1",
        "192.0.0.8",
        "198.18.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "64:ff9b::a00:1",
        "::127.0.0.1",
        "2001:db8::1",
        "64:ff9b:1::a00:1",
        "2002:7f00:1::1",
        "2002:a00:1::1",
        "2001:0:4136:e378::1",
        "100::1",
        "::ffff:0:7f00:1",
        "3fff::1",
    ];
    for ip in public {
        assert!(public_address(ip.parse::<IpAddr>().expect("ip")), "{ip} is public");
    }
    for ip in private {
        assert!(!public_address(ip.parse::<IpAddr>().expect("ip")), "{ip} is not public");
    }
}

#[test]
fn retries_follow_the_schedule_then_give_up() {
    assert_eq!(retry_after(1, 0.0), Some(Duration::seconds(5)));
    assert_eq!(retry_after(2, 0.0), Some(Duration::minutes(5)));
    assert_eq!(retry_after(7, 0.0), Some(Duration::hours(10)));
    assert_eq!(retry_after(MAX_ATTEMPTS, 0.0), None);
    assert_eq!(retry_after(0, 0.0), None);
    let stretched = retry_after(3, 1.0).expect("a retry");
    assert_eq!(stretched, Duration::minutes(36));
    assert!(delivered(200) && delivered(204) && !delivered(301) && !delivered(500));
}

#[test]
fn events_are_known_and_listed_once() {
    assert_eq!(
        parse_events(["comment.posted", "idea.submitted", "comment.posted"]),
        Ok(vec![WebhookEvent::IdeaSubmitted, WebhookEvent::CommentPosted])
    );
    assert_eq!(parse_events([]), Err(Invalid::Required));
    assert_eq!(parse_events(["idea.deleted"]), Err(Invalid::Malformed));
}

#[test]
fn only_managers_hold_the_secrets() {
    assert!(may_manage(Some(OrgRole::Owner)) && may_manage(Some(OrgRole::Manager)));
    assert!(!may_manage(Some(OrgRole::Judge)) && !may_manage(None));
}

#[test]
fn a_message_is_type_timestamp_and_data() {
    let data = Happening::SolutionSubmitted { challenge_id: ChallengeId::new(3), solution_id: SolutionId::new(9) };
    let message = Message { kind: data.event(), timestamp: "2026-12-07T10:00:00Z".into(), data: &data };
    assert_eq!(
        serde_json::to_string(&message).expect("json"),
        r#"{"type":"solution.submitted","timestamp":"2026-12-07T10:00:00Z","data":{"challenge_id":"3","solution_id":"9"}}"#
    );
}
