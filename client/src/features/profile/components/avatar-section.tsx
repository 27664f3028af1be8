import { Avatar, Button, Group, Modal, Slider, Stack, Text } from '@mantine/core';
import { type DragEvent, useEffect, useRef, useState } from 'react';
import Cropper, { type Area } from 'react-easy-crop';
import type { ViewerFieldsFragment } from '../../../gql/graphql';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useUpdateProfile } from '../api/update-profile';
import { cropToSquare } from '../api/crop-image';
import { AVATAR_TYPES, MAX_AVATAR_BYTES, useUploadAvatar } from '../api/upload-avatar';

/** What is wrong with a chosen file before it is sent, or null; the server checks the content again. */
function problemWith(file: File): string | null {
  if (!AVATAR_TYPES.includes(file.type)) return 'Choose a JPEG, PNG, WebP or GIF image.';
  if (file.size > MAX_AVATAR_BYTES) return 'Choose an image of at most 5 MB.';
  return null;
}

/** The profile picture: pick or drop an image, crop it to a square, upload; or remove it. */
export function AvatarSection(props: { me: ViewerFieldsFragment }) {
  const { me } = props;
  const upload = useUploadAvatar();
  const [updateProfile, { loading: removing }] = useUpdateProfile();
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [crop, setCrop] = useState({ x: 0, y: 0 });
  const [zoom, setZoom] = useState(1);
  const [area, setArea] = useState<Area | null>(null);
  const [uploading, setUploading] = useState(false);

  useEffect(() => () => void (chosen && URL.revokeObjectURL(chosen)), [chosen]);

  const choose = (file: File | undefined) => {
    if (!file) return;
    const found = problemWith(file);
    setProblem(found);
    if (found) return;
    setCrop({ x: 0, y: 0 });
    setZoom(1);
    setChosen(URL.createObjectURL(file));
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files[0]);
  };

  const close = () => {
    setChosen(null);
    if (input.current) input.current.value = '';
  };

  const onUpload = async () => {
    if (!chosen || !area) return;
    setUploading(true);
    try {
      await upload(await cropToSquare(chosen, area));
      notifySuccess('Profile picture updated.');
      close();
    } catch (error) {
      notifyError(error, 'Could not upload the picture');
    } finally {
      setUploading(false);
    }
  };

  const onRemove = async () => {
    try {
      await updateProfile({ variables: { input: { avatarUrl: '' } } });
      notifySuccess('Profile picture removed.');
    } catch (error) {
      notifyError(error, 'Could not remove the picture');
    }
  };

  return (
    <>
      <Group
        wrap="nowrap"
        align="center"
        p="sm"
        data-testid="avatar-drop-zone"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        style={{
          border: `1px dashed var(--mantine-color-${dragging ? 'blue-6' : 'gray-4'})`,
          borderRadius: 'var(--mantine-radius-md)',
          background: dragging ? 'var(--mantine-color-blue-0)' : undefined,
        }}
      >
        <Avatar src={me.avatarUrl} alt="Your profile picture" size={72} radius="xl">
          {me.name.slice(0, 1).toUpperCase()}
        </Avatar>
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Text size="sm">Drop an image here, or choose one. JPEG, PNG, WebP or GIF, at most 5 MB.</Text>
          <Group gap="xs">
            <Button size="xs" variant="light" onClick={() => input.current?.click()}>
              Choose image
            </Button>
            {me.avatarUrl && (
              <Button size="xs" variant="subtle" color="red" loading={removing} onClick={() => void onRemove()}>
                Remove picture
              </Button>
            )}
          </Group>
          {problem && (
            <Text size="sm" c="red" role="alert">
              {problem}
            </Text>
          )}
        </Stack>
        <input
          ref={input}
          type="file"
          accept={AVATAR_TYPES.join(',')}
          hidden
          aria-label="Profile picture file"
          onChange={(event) => choose(event.currentTarget.files?.[0])}
        />
      </Group>
      <Modal opened={chosen !== null} onClose={close} title="Crop your picture" centered size="md">
        <Stack>
          <div style={{ position: 'relative', height: 320, background: 'var(--mantine-color-dark-7)' }} data-testid="avatar-cropper">
            {chosen && (
              <Cropper
                image={chosen}
                crop={crop}
                zoom={zoom}
                aspect={1}
                cropShape="round"
                showGrid={false}
                onCropChange={setCrop}
                onZoomChange={setZoom}
                onCropComplete={(_area, pixels) => setArea(pixels)}
              />
            )}
          </div>
          <div>
            <Text size="sm" id="avatar-zoom-label">
              Zoom
            </Text>
            <Slider min={1} max={3} step={0.01} value={zoom} onChange={setZoom} label={null} thumbProps={{ 'aria-labelledby': 'avatar-zoom-label' }} />
          </div>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button loading={uploading} disabled={!area} onClick={() => void onUpload()}>
              Use this picture
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
