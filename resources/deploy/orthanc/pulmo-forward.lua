-- pulmo-forward.lua: Orthanc (1.10.1, Debian 12) forwards every chest radiograph it stores to the
-- Pulmo AI node, and nothing else. Install it with "LuaScripts" in Orthanc's configuration (see
-- orthanc.json beside it and the README, "Run an AI node").
--
-- What is forwarded: Modality CR or DX, Body Part Examined CHEST, and a CR or DX image SOP class
-- (For Presentation or For Processing). Never forwarded: what the node itself sent (its SR and
-- heatmap SC come back under the node's AE title), SR, SC, CT, MR, other body parts.
--
-- How: one asynchronous store job per instance in Orthanc's jobs engine, so the C-STORE of the
-- modality never waits on the node. A job that fails (node down, or answering Out of Resources
-- 0xA700 because its disk or queue is full) stays in Orthanc's job history as failed. Orthanc
-- 1.10.1 has no timer in Lua (OnHeartBeat came in a later release), and a callback that waited
-- would hold up every other Lua event, the forwards of new images among them; so the retry is
-- pulmo-forward-retry, run every minute by a systemd timer, which resubmits the failed forwards
-- through Orthanc's REST API.

-- The node as declared in "DicomModalities"; its AE title (pulmo-node's --ae) is read from there.
local NODE_MODALITY = 'pulmo-node'

local function ModalityAet(name)
   local modalities = GetOrthancConfiguration()['DicomModalities']
   local modality = modalities and modalities[name]
   if modality == nil then
      error('pulmo-forward: no modality "' .. name .. '" in DicomModalities of the configuration')
   end
   if modality['AET'] ~= nil then
      return modality['AET']  -- the object form: {"AET": ..., "Host": ..., "Port": ...}
   end
   return modality[1]  -- the array form: [AET, host, port]
end

local NODE_AET = string.upper(ModalityAet(NODE_MODALITY))
print('pulmo-forward: forwarding CR/DX chest images to ' .. NODE_MODALITY ..
      ' (' .. NODE_AET .. ')')

local CHEST_RADIOGRAPHY_SOP_CLASSES = {
   ['1.2.840.10008.5.1.4.1.1.1'] = true,      -- Computed Radiography Image Storage
   ['1.2.840.10008.5.1.4.1.1.1.1'] = true,    -- Digital X-Ray Image Storage - For Presentation
   ['1.2.840.10008.5.1.4.1.1.1.1.1'] = true,  -- Digital X-Ray Image Storage - For Processing
}

local function Trimmed(value)
   if type(value) ~= 'string' then
      return ''
   end
   return string.upper((string.gsub(value, '^%s*(.-)%s*$', '%1')))
end

-- True for a CR or DX chest image that did not come from the node.
function IsChestRadiographForPulmo(tags, origin)
   if origin ~= nil and origin['RequestOrigin'] == 'DicomProtocol' and
      Trimmed(origin['RemoteAet']) == NODE_AET then
      return false
   end
   local modality = Trimmed(tags['Modality'])
   if modality ~= 'CR' and modality ~= 'DX' then
      return false
   end
   if Trimmed(tags['BodyPartExamined']) ~= 'CHEST' then
      return false
   end
   return CHEST_RADIOGRAPHY_SOP_CLASSES[Trimmed(tags['SOPClassUID'])] == true
end

function OnStoredInstance(instanceId, tags, metadata, origin)
   if not IsChestRadiographForPulmo(tags, origin) then
      return
   end
   local request = {}
   request['Resources'] = { instanceId }
   request['Asynchronous'] = true
   request['Permissive'] = false
   local answer = ParseJson(RestApiPost('/modalities/' .. NODE_MODALITY .. '/store',
                                        DumpJson(request, true)))
   print('pulmo-forward: instance ' .. instanceId .. ' forwarded to ' .. NODE_MODALITY ..
         ' by job ' .. tostring(answer['ID']))
end

function OnJobFailure(jobId)
   local job = ParseJson(RestApiGet('/jobs/' .. jobId))
   if job['Type'] == 'DicomModalityStore' and job['Content'] ~= nil and
      job['Content']['RemoteAet'] == NODE_AET then
      print('pulmo-forward: job ' .. jobId .. ' failed (' .. tostring(job['ErrorDescription']) ..
            '); pulmo-forward-retry resubmits it')
   end
end
