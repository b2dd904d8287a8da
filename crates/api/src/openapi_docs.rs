//! Completes the generated OpenAPI document so that it says everything the server may answer:
//! every response has a description (OpenAPI 3.1 requires one), and every operation lists the
//! problem answers that the extractors give before any handler runs (a body or query that
//! cannot be read, a missing or bad token, a role refused, another landlord's record, limits).

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder, response::Responses};

/// What a status means when an operation does not say more.
fn default_description(status: &str) -> &'static str {
    match status {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted",
        "204" => "Done; no content",
        "400" => {
            "The request could not be read: the body is not JSON, or a query value is malformed"
        }
        "401" => {
            "Not signed in: no access token, or one that is not valid, has expired or whose session has ended"
        }
        "403" => "Signed in, but this role may not do this here (or the landlord is suspended)",
        "404" => {
            "Not found, or not this caller's to see (another landlord's records answer the same)"
        }
        "409" => "A rule of the Code or the state of the record refuses it",
        "410" => "It existed, and has ended for good",
        "413" => "The upload is too large",
        "415" => "The body is not of a type this operation takes",
        "422" => "Some values are not valid: each field is named in `errors`",
        "429" => "Too many requests or failed attempts from this address; try again later",
        _ => "See the operation's description",
    }
}

fn problem(status: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(default_description(status))
            .content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build(),
    )
}

fn ensure(responses: &mut Responses, status: &str) {
    responses
        .responses
        .entry(status.to_owned())
        .or_insert_with(|| problem(status));
}

fn complete_operation(path: &str, op: &mut Operation) {
    let params: Vec<(ParameterIn, String)> = op
        .parameters
        .iter()
        .flatten()
        .filter_map(|p| match p {
            RefOr::T(p) => Some((p.parameter_in.clone(), p.name.clone())),
            RefOr::Ref(_) => None,
        })
        .collect();
    let has_query = params.iter().any(|(at, _)| *at == ParameterIn::Query);
    let has_path = params.iter().any(|(at, _)| *at == ParameterIn::Path);
    let has_body = op.request_body.is_some();
    let secured = op.security.iter().flatten().any(|s| {
        serde_json::to_value(s).is_ok_and(|v| v.as_object().is_some_and(|m| !m.is_empty()))
    });
    let tenant = path.contains("/landlords/{slug}");
    let public = path.starts_with("/api/v1/public/");
    let guarded = path.starts_with("/api/v1/auth/") || path.starts_with("/api/v1/invitations/");
    if has_body || has_query {
        ensure(&mut op.responses, "400");
        ensure(&mut op.responses, "422");
    }
    if secured {
        ensure(&mut op.responses, "401");
    }
    if tenant && secured {
        ensure(&mut op.responses, "403");
    }
    if has_path || tenant {
        ensure(&mut op.responses, "404");
    }
    if public || guarded {
        ensure(&mut op.responses, "429");
    }
    for (status, response) in op.responses.responses.iter_mut() {
        if let RefOr::T(r) = response
            && r.description.trim().is_empty()
        {
            r.description = default_description(status).to_owned();
        }
    }
}

/// Completes every operation of the document.
pub fn complete(doc: &mut OpenApi) {
    for (path, item) in doc.paths.paths.iter_mut() {
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
            &mut item.trace,
        ]
        .into_iter()
        .flatten()
        {
            complete_operation(path, op);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_response_of_the_document_has_a_description_and_the_extractors_answers() {
        let doc = crate::openapi();
        let mut checked = 0;
        for (path, item) in &doc.paths.paths {
            for op in [&item.get, &item.put, &item.post, &item.delete, &item.patch]
                .into_iter()
                .flatten()
            {
                for (status, r) in &op.responses.responses {
                    if let RefOr::T(r) = r {
                        assert!(!r.description.is_empty(), "{path} {status}");
                    }
                }
                if path.contains("/landlords/{slug}/") {
                    for status in ["401", "403", "404"] {
                        assert!(
                            op.responses.responses.contains_key(status),
                            "{path} lacks {status}"
                        );
                    }
                }
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked}");
    }
}
