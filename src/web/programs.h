/* programs.h — the cooperation-agreement and training-programme area: partner,
 * agreement (with signatories/witnesses, quota per phase, trades covered and the
 * scanned document), kejuruan (with competency units) and programme (with
 * instructors) as entities for the generic pages and API (entity.h), plus the
 * document upload/download handlers. */
#ifndef BEKAL_PROGRAMS_H
#define BEKAL_PROGRAMS_H
#include "entity.h"

extern const entity_t partner_entity, agreement_entity, agreement_party_entity, agreement_quota_entity,
    agreement_kejuruan_entity, kejuruan_entity, competency_unit_entity, program_entity, program_instructor_entity;

/* POST /agreements/{id}/document (multipart, field "file"); GET /agreements/{id}/document
 * (the newest); GET /agreement-documents/{id} (any version). */
int page_agreement_doc_upload(req_t *r, resp_t *w);
int page_agreement_doc_latest(req_t *r, resp_t *w);
int page_agreement_doc_get(req_t *r, resp_t *w);
/* POST /api/v1/agreements/{id}/document (body: the PDF, Content-Type application/pdf,
 * ?file_name=); GET /api/v1/agreements/{id}/document (the newest). */
int api_agreement_doc_upload(req_t *r, resp_t *w);
int api_agreement_doc_latest(req_t *r, resp_t *w);

#endif
